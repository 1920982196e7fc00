using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using Npgsql;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>
/// The team store on a real PostgreSQL 15: two clones of one repository share one ledger through
/// KOS_STORE, claims and scopes are shared, history is immutable for kos's role, and an unreachable
/// database is a clear exit 3 (or a refused tool call), never a hang or a leaked password.
/// </summary>
[Trait("Category", "OwnStore")] // chooses its store itself
public sealed class PostgresTeamStoreTests : IDisposable
{
    private readonly TempRepo _a = new(init: false);
    private readonly string _bRoot = Path.Combine(Path.GetTempPath(), "kos-clone-" + Guid.NewGuid().ToString("N")[..12]);

    public PostgresTeamStoreTests()
    {
        // A root commit of its own: the project key every clone derives from it is unique to this test.
        _a.Git("init", "-q", "-b", "main");
        _a.Git("config", "user.email", "test@example.invalid");
        _a.Git("config", "user.name", "kos test");
        _a.Write("README.md", "# team " + Guid.NewGuid() + "\n");
        _a.Git("add", ".");
        _a.Git("commit", "-qm", "initial");
    }

    public void Dispose()
    {
        _a.Dispose();
        try
        {
            Directory.Delete(_bRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static ProcessRun Kos(string root, params string[] args)
    {
        var r = KosProcess.Run(root, PgTestDb.Env(), null, args);
        Assert.True(r.Code == 0, $"kos {string.Join(' ', args)}\n{r}");
        Assert.DoesNotContain(PgTestDb.Password, r.Out + r.Err, StringComparison.Ordinal);
        return r;
    }

    private void TwoClones()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        Kos(_a.Root, "init");
        _a.Git("clone", "-q", _a.Root, _bRoot);
        Kos(_bRoot, "init");
    }

    [SkippableFact]
    public void two_clones_share_one_ledger_a_task_created_in_one_is_listed_in_the_other()
    {
        TwoClones();
        var task = Kos(_a.Root, "create-task", "Shared work", "--quick", "--scope", "docs/**", "--session", "sa").FirstLine;
        Assert.Contains(task, Kos(_bRoot, "list").Out, StringComparison.Ordinal);
        Assert.StartsWith("TRACE_OK ", Kos(_bRoot, "trace", "verify").Out, StringComparison.Ordinal);
        Assert.Equal(Kos(_a.Root, "trace", "verify").Out, Kos(_bRoot, "trace", "verify").Out);
        Assert.False(File.Exists(Path.Combine(_bRoot, ".agent-os/state/ledger.db")), "a clone on the team store keeps no local ledger");

        // Only one project.initialised: the second clone joined, it did not start a second history.
        var events = JsonNode.Parse(Kos(_bRoot, "trace", "--json").Out)!.AsArray();
        Assert.Single(events, e => (string?)e!["type"] == "project.initialised");
    }

    [SkippableFact]
    public void eight_processes_in_two_clones_racing_to_dispatch_one_task_have_exactly_one_winner_fifty_times_over()
    {
        TwoClones();
        var tasks = new List<string>();
        var spec = Kos(_a.Root, "create-spec", "Race", "--intent", "one claim", "--req", "Work an area").FirstLine;
        for (var i = 0; i < 50; i++)
        {
            var t = Kos(_a.Root, "create-task", $"Task {i}", "--spec", spec, "--req", "R1").FirstLine;
            Kos(_a.Root, "route-task", t, "--scope", $"area{i}/**");
            Kos(_a.Root, "plan-task", t, "--step", "R1: do it");
            tasks.Add(t);
        }

        foreach (var task in tasks)
        {
            var racers = Enumerable.Range(0, 8)
                .Select(i => Process.Start(KosProcess.StartInfo(i % 2 == 0 ? _a.Root : _bRoot, ["dispatch-task", task, "--session", $"racer-{i}", "--json"], PgTestDb.Env()))!)
                .ToList();
            var results = racers.Select(p =>
            {
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode, Text: stdout.GetAwaiter().GetResult() + stderr);
            }).ToList();
            Assert.True(results.Count(r => r.ExitCode == 0) == 1, task + ":\n" + string.Join("\n", results));
            Assert.All(results.Where(r => r.ExitCode != 0), r => Assert.Equal(1, r.ExitCode));
            var dispatched = JsonNode.Parse(Kos(_bRoot, "trace", task, "--json").Out)!.AsArray()
                .Count(e => (string?)e!["type"] is "task.dispatched" or "claim.taken-over" or "claim.renewed");
            Assert.Equal(1, dispatched);
        }

        Assert.StartsWith("TRACE_OK ", Kos(_a.Root, "trace", "verify").Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void scope_overlap_is_checked_across_clones()
    {
        TwoClones();
        var first = Kos(_a.Root, "create-task", "Checkout", "--quick", "--scope", "src/checkout/**", "--session", "sa").FirstLine;
        var r = KosProcess.Run(_bRoot, PgTestDb.Env(), null, "create-task", "All of src", "--quick", "--scope", "src/**", "--session", "sb");
        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains(first, r.Err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void kos_role_cannot_delete_update_or_truncate_events_even_when_granted_the_privilege()
    {
        TwoClones();
        Kos(_a.Root, "note", "history");
        foreach (var sql in new[] { "DELETE FROM kos.events", "UPDATE kos.events SET payload = '{}'", "TRUNCATE kos.events" })
        {
            var denied = Assert.Throws<PostgresException>(() => PgTestDb.Exec(PgTestDb.AppUrl!, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }

        // Even with the privilege granted, the trigger refuses every role but the owner.
        var grantee = new NpgsqlConnectionStringBuilder(KnowledgeOS.Store.Postgres.PgConnectionString.Parse(PgTestDb.AppUrl!, _ => null).Value).Username;
        PgTestDb.Exec(PgTestDb.OwnerUrl!, $"GRANT UPDATE, DELETE, TRUNCATE ON kos.events TO {grantee}");
        try
        {
            foreach (var sql in new[] { "DELETE FROM kos.events WHERE seq = 1", "UPDATE kos.events SET payload = '{}' WHERE seq = 1", "TRUNCATE kos.events" })
            {
                var refused = Assert.Throws<PostgresException>(() => PgTestDb.Exec(PgTestDb.AppUrl!, sql));
                Assert.Contains("immutable", refused.MessageText, StringComparison.Ordinal);
            }
        }
        finally
        {
            PgTestDb.Exec(PgTestDb.OwnerUrl!, $"REVOKE UPDATE, DELETE, TRUNCATE ON kos.events FROM {grantee}");
        }

        Assert.StartsWith("TRACE_OK ", Kos(_a.Root, "trace", "verify").Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void sixteen_processes_appending_at_once_lose_nothing()
    {
        TwoClones();
        const int Each = 40;
        var before = long.Parse(Kos(_a.Root, "trace", "verify").Out.Split(' ')[1], CultureInfo.InvariantCulture);
        var probes = Enumerable.Range(0, 16)
            .Select(i => StoreProbe.Start(i % 2 == 0 ? _a.Root : _bRoot, PgTestDb.Env(), "append", Each.ToString(CultureInfo.InvariantCulture), $"w{i}"))
            .ToList();
        foreach (var p in probes)
        {
            var (code, output) = StoreProbe.Finish(p);
            Assert.True(code == 0, output);
        }

        Assert.StartsWith($"TRACE_OK {before + 16 * Each} events head ", Kos(_bRoot, "trace", "verify").Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void a_sqlite_ledger_migrates_to_postgresql_and_exports_back_with_the_same_head()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        var local = new Dictionary<string, string> { ["KOS_STORE"] = "sqlite" };
        Assert.Equal(0, KosProcess.Run(_a.Root, local, null, "init").Code);
        var task = KosProcess.Run(_a.Root, local, null, "create-task", "Before the move", "--quick", "--scope", "docs/**", "--session", "s1").FirstLine;
        KosProcess.Run(_a.Root, local, null, "note", "ünïcode ✓ survives");
        var head = KosProcess.Run(_a.Root, local, null, "trace", "verify").Out;
        Assert.StartsWith("TRACE_OK ", head, StringComparison.Ordinal);

        var moved = KosProcess.Run(_a.Root, local, null, "store", "migrate", "--to", PgTestDb.AppUrl!, "--json");
        Assert.True(moved.Code == 0, moved.ToString());
        OutputContract.AssertOutput("store migrate", moved.Out, moved.Code);
        Assert.DoesNotContain(PgTestDb.Password, moved.Out + moved.Err, StringComparison.Ordinal);
        Assert.Equal(head, Kos(_a.Root, "trace", "verify").Out);
        Assert.Contains(task, Kos(_a.Root, "list").Out, StringComparison.Ordinal);

        // Migrating again into a store that holds the project is refused, not merged.
        var again = KosProcess.Run(_a.Root, local, null, "store", "migrate", "--to", PgTestDb.AppUrl!, "--json");
        Assert.Equal("refused", (string?)OutputContract.AssertError(again.Out, again.Code, "store migrate")["code"]);
        Assert.Equal(1, again.Code);

        var file = Path.Combine(_a.Root, "exported.db");
        var exported = Kos(_a.Root, "store", "export", "--out", file);
        Assert.StartsWith("STORE_COPY_OK ", exported.Out, StringComparison.Ordinal);
        File.Move(file, Path.Combine(_a.Root, ".agent-os/state/ledger.db"), overwrite: true);
        Assert.Equal(head, KosProcess.Run(_a.Root, local, null, "trace", "verify").Out);
    }

    [SkippableFact]
    public void an_unreachable_database_exits_3_naming_the_host_and_hooks_refuse_writes_without_leaking_the_password()
    {
        TwoClones();
        const string Secret = "s3cr3t-never-printed";
        var down = new Dictionary<string, string> { ["KOS_STORE"] = $"postgresql://kos_app:{Secret}@127.0.0.1:1/kos_test" };
        var r = KosProcess.Run(_a.Root, down, null, "list");
        Assert.True(r.Code == 3, r.ToString());
        Assert.Contains("127.0.0.1:1", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, r.Out + r.Err, StringComparison.Ordinal);

        var payload = new JsonObject
        {
            ["session_id"] = "s-down",
            ["hook_event_name"] = "PreToolUse",
            ["cwd"] = _a.Root,
            ["tool_name"] = "Write",
            ["tool_input"] = new JsonObject { ["file_path"] = Path.Combine(_a.Root, "docs/x.md"), ["content"] = "x" },
        }.ToJsonString();
        var hook = KosProcess.Run(_a.Root, down, payload, "hook", "claude", "PreToolUse");
        // Fail closed: exit 2 blocks the call in Claude Code, and the reason names the unreachable host.
        Assert.True(hook.Code == 2, hook.ToString());
        Assert.Contains("127.0.0.1:1", hook.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, hook.Out + hook.Err, StringComparison.Ordinal);

        // Strictness off: kos stands aside.
        var config = File.ReadAllText(Path.Combine(_a.Root, ".agent-os/config.toml")).Replace("strictness = \"standard\"", "strictness = \"off\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_a.Root, ".agent-os/config.toml"), config);
        var off = KosProcess.Run(_a.Root, down, payload, "hook", "claude", "PreToolUse");
        Assert.True(off.Code == 0 && !off.Out.Contains("\"deny\"", StringComparison.Ordinal), off.ToString());

        // Nothing of the password reached the shared ledger either.
        var all = Kos(_bRoot, "trace", "--json").Out;
        Assert.DoesNotContain(Secret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(PgTestDb.Password, all, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void a_password_in_config_toml_is_refused_with_the_fix()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        _a.Write(".agent-os/config.toml", "[store]\nurl = \"postgresql://kos_app:hunter2@127.0.0.1:5432/kos_test\"\n");
        var r = KosProcess.Run(_a.Root, new Dictionary<string, string>(), null, "init");
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains("PGPASSWORD", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", r.Err, StringComparison.Ordinal);
    }

    private string WritePayload(string session, string relative) => new JsonObject
    {
        ["session_id"] = session,
        ["hook_event_name"] = "PreToolUse",
        ["cwd"] = _a.Root,
        ["tool_name"] = "Write",
        ["tool_input"] = new JsonObject { ["file_path"] = Path.Combine(_a.Root, relative), ["content"] = "x" },
    }.ToJsonString();

    [SkippableFact]
    public void hooks_reach_the_team_store_through_a_local_pooled_broker_and_refuse_writes_when_it_is_down()
    {
        TwoClones();
        var pooled = Environment.GetEnvironmentVariable("KOS_TEST_PG_POOLED");
        Skip.If(pooled is null, "KOS_TEST_PG_POOLED is not set: install pgbouncer and run eval \"$(tools/postgres-test-db.sh)\".");
        const string Session = "0b5c1f9e-8a51-4f0a-9d7e-5b3c2a1d0e9f";
        var task = Kos(_a.Root, "create-task", "Docs", "--quick", "--scope", "docs/**", "--session", Session).FirstLine;
        var broker = new Dictionary<string, string> { ["KOS_STORE"] = pooled! };

        var allowed = KosProcess.Run(_a.Root, broker, WritePayload(Session, "docs/x.md"), "hook", "claude", "PreToolUse");
        Assert.True(allowed.Code == 0 && !allowed.Out.Contains("\"deny\"", StringComparison.Ordinal), allowed.ToString());
        var denied = KosProcess.Run(_a.Root, broker, WritePayload(Session, "src/y.cs"), "hook", "claude", "PreToolUse");
        Assert.True(denied.Code == 2 || denied.Out.Contains("\"deny\"", StringComparison.Ordinal), denied.ToString());

        // Both decisions are in the one shared ledger, read from the other clone straight from PostgreSQL.
        var events = JsonNode.Parse(Kos(_bRoot, "trace", task, "--json").Out)!.AsArray();
        Assert.Contains(events, e => (string?)e!["type"] == "capability.used");
        Assert.Contains(events, e => (string?)e!["type"] == "capability.denied");
        Assert.StartsWith("TRACE_OK ", Kos(_bRoot, "trace", "verify").Out, StringComparison.Ordinal);

        // The broker gone (no socket there): the hook refuses, naming where it looked, and never hangs the agent.
        var gone = new Dictionary<string, string> { ["KOS_STORE"] = "postgresql://kos_app@/kos_test?host=/nonexistent/kos-broker&port=6432" };
        var down = KosProcess.Run(_a.Root, gone, WritePayload(Session, "docs/x.md"), "hook", "claude", "PreToolUse");
        Assert.True(down.Code == 2, down.ToString());
        Assert.Contains("/nonexistent/kos-broker", down.Err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void a_clone_remembers_its_team_store_without_the_password_and_never_starts_a_second_local_history()
    {
        TwoClones();
        const string Session = "5d1e6a2b-3c4f-4e8a-9b7c-1a2b3c4d5e6f";
        var task = Kos(_a.Root, "create-task", "Docs", "--quick", "--scope", "docs/**", "--session", Session).FirstLine;
        var remembered = File.ReadAllText(Path.Combine(_a.Root, ".agent-os/state/store-url"));
        Assert.DoesNotContain(PgTestDb.Password, remembered, StringComparison.Ordinal);

        // A scrubbed environment (no KOS_STORE) still reaches the same store; the password comes from PGPASSWORD.
        var scrubbed = new Dictionary<string, string> { ["KOS_STORE"] = "", ["PGPASSWORD"] = PgTestDb.Password };
        var list = KosProcess.Run(_a.Root, scrubbed, null, "list");
        Assert.True(list.Code == 0, list.ToString());
        Assert.Contains(task, list.Out, StringComparison.Ordinal);

        // Forcing the embedded store in a clone that joined the team store is refused, for commands and hooks alike.
        var local = new Dictionary<string, string> { ["KOS_STORE"] = "sqlite" };
        var refused = KosProcess.Run(_a.Root, local, null, "list");
        Assert.True(refused.Code == 3, refused.ToString());
        Assert.Contains("team store", refused.Err, StringComparison.Ordinal);
        Assert.Equal(2, KosProcess.Run(_a.Root, local, WritePayload(Session, "docs/x.md"), "hook", "claude", "PreToolUse").Code);
        Assert.NotEqual(0, KosProcess.Run(_a.Root, local, null, "init").Code);
        Assert.False(File.Exists(Path.Combine(_a.Root, ".agent-os/state/ledger.db")), "a second, local history was started");
    }
}
