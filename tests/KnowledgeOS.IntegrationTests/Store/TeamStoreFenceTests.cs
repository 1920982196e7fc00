using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using KnowledgeOS.Testing.Agents;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>
/// On the team store the ledger is a database, not a file the sandbox can make read-only. A real agent (Gemini CLI
/// under 'kos agent', its fence bubblewrap) tries to reach it the way a capable agent would: the store's URL from its
/// environment, the password file, psql. It gets no secret and no connection, while its own hooks, answered by kos
/// outside with kos's secret, record its work.
/// </summary>
[Collection("agents")]
[Trait("Category", "OwnStore")] // chooses its store itself: a password URL, and a ~/.pgpass beside it
public sealed class TeamStoreFenceTests
{
    [SkippableFact]
    public void an_agent_under_kos_agent_gets_no_database_secret_and_cannot_connect_to_the_team_store()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        if (Environment.GetEnvironmentVariable("PATH")!.Split(':').All(d => !File.Exists(Path.Combine(d, "bwrap"))))
        {
            Assert.Fail("bubblewrap is required for kos agent gemini (apt-get install -y bubblewrap; .ci/run installs it).");
        }

        using var repo = new TempRepo();
        var home = repo.PathOf(".gemini-home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        File.WriteAllText(Path.Combine(home, ".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""");
        var pgpass = Path.Combine(home, ".pgpass");
        File.WriteAllText(pgpass, $"*:*:*:kos_app:{PgTestDb.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        repo.Write(".gitignore", ".gemini-home/\n");
        var url = PgTestDb.AppUrl!;
        var bare = KnowledgeOS.Ledger.StoreUrls.WithoutPassword(url);
        var attack = Attack(bare);
        using var model = new GeminiStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = "src/app.txt", ["content"] = "hello\n" }),
            Turn.Call("run_shell_command", new JsonObject { ["command"] = attack, ["description"] = "reach the ledger" }),
            Turn.Say("Done."),
            Turn.Say("Stopping."),
        ]);
        var env = new Dictionary<string, string>
        {
            ["KOS_STORE"] = url, ["PGPASSWORD"] = PgTestDb.Password,
            ["HOME"] = home, ["GEMINI_API_KEY"] = "test", ["GOOGLE_GEMINI_BASE_URL"] = model.BaseUrl,
            ["PATH"] = Path.GetDirectoryName(AgentClis.Gemini) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "init").Code);
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "install", "--agent", "gemini").Code);
        var run = KosProcess.Run(repo.Root, env, null, "agent", "gemini", "--quick", "Greeting file", "--scope", "src/**", "--", "-p", "Write the greeting file.", "--yolo", "--skip-trust");
        Assert.True(run.Code == 0, run.ToString());

        var seen = AssertUnreached(repo, bare, model.AllRequests);
        // Both connections were refused for want of a password: the ~/.pgpass the agent read was empty.
        Assert.True(seen.Split('\n').Count(l => l.Contains("no password supplied", StringComparison.Ordinal) || l.Contains("password authentication failed", StringComparison.Ordinal)) >= 2, seen);

        // The agent's hooks were answered with kos's own secret: its work is on the team store's ledger, as the agent's.
        var events = PgEvents(repo.Root, env);
        var task = Assert.Single(events, e => e.Type == "task.created").Task;
        Assert.Contains(events, e => e.Type.StartsWith("capability.", StringComparison.Ordinal) && e.Task == task && e.Payload.Contains("src/seen.txt", StringComparison.Ordinal)
                                     && e.Actor!.StartsWith("agent:gemini/", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type.StartsWith("capability.", StringComparison.Ordinal) && e.Payload.Contains("src/app.txt", StringComparison.Ordinal));
        Assert.Equal("hello\n", File.ReadAllText(repo.PathOf("src/app.txt")));
        Assert.Contains("TRACE_OK", KosProcess.Run(repo.Root, env, null, "trace", "verify").Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void claude_under_kos_agent_gets_no_database_secret_and_cannot_connect_to_the_team_store()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        using var repo = new TempRepo();
        repo.Write(".gitignore", ".home/\n");
        var home = repo.PathOf(".home");
        Directory.CreateDirectory(home);
        var pgpass = Path.Combine(home, ".pgpass");
        File.WriteAllText(pgpass, $"*:*:*:kos_app:{PgTestDb.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var url = PgTestDb.AppUrl!;
        var bare = KnowledgeOS.Ledger.StoreUrls.WithoutPassword(url);
        using var model = new AnthropicStandIn(
        [
            Turn.Call("Write", new JsonObject { ["file_path"] = repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Call("Bash", new JsonObject { ["command"] = Attack(bare), ["description"] = "reach the ledger" }),
            Turn.Say("Done."),
            Turn.Say("Stopping."),
        ],
        [Turn.Say("Nothing to do.")]);
        var env = new Dictionary<string, string>(KosAgentClaudeTests.ClaudeEnv(home, model.BaseUrl)) { ["KOS_STORE"] = url, ["PGPASSWORD"] = PgTestDb.Password };
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "init").Code);
        var run = KosProcess.Run(repo.Root, env, null,
            "agent", "claude", "--quick", "Greeting file", "--scope", "src/**", "--", "-p", "Write the greeting file.", "--output-format", "json", "--dangerously-skip-permissions");
        Assert.True(run.Code == 0, run.ToString());

        var seen = AssertUnreached(repo, bare, model.AllRequests);
        Assert.Equal(2, seen.Split('\n').Count(l => l.StartsWith("psql: error", StringComparison.Ordinal)));
        var events = PgEvents(repo.Root, env);
        var task = Assert.Single(events, e => e.Type == "task.created").Task;
        Assert.Contains(events, e => e.Type == "capability.used" && e.Task == task && e.Actor!.StartsWith("agent:claude/", StringComparison.Ordinal) && e.Payload.Contains("src/app.txt", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type.StartsWith("capability.", StringComparison.Ordinal) && e.Task == task && e.Payload.Contains("src/seen.txt", StringComparison.Ordinal));
        Assert.Equal("hello\n", File.ReadAllText(repo.PathOf("src/app.txt")));
    }

    /// <summary>The agent's shell: its environment, the password file, and psql by the URL it sees and by the bare URL.</summary>
    private static string Attack(string bare) =>
        "{ env | grep -E '^(PG|KOS_STORE)'; echo PGPASS; cat ~/.pgpass; echo PSQL-ENV; psql -w \"$KOS_STORE\" -Atc 'select 424242'; " +
        $"echo PSQL-BARE; psql -w '{bare}' -Atc 'select 424242'; }} > src/seen.txt 2>&1; true";

    /// <summary>What the agent saw: no password anywhere (its files, what it told the model), no query answered.</summary>
    private static string AssertUnreached(TempRepo repo, string bare, string modelRequests)
    {
        var seen = File.ReadAllText(repo.PathOf("src/seen.txt"));
        Assert.DoesNotContain(PgTestDb.Password, seen + modelRequests, StringComparison.Ordinal);
        Assert.DoesNotContain("424242", seen.Replace("select 424242", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"KOS_STORE={bare}", seen, StringComparison.Ordinal);
        Assert.Contains("PSQL-BARE", seen, StringComparison.Ordinal);
        return seen;
    }

    private static List<KnowledgeOS.Ledger.LedgerEvent> PgEvents(string root, Dictionary<string, string> env)
    {
        var project = KnowledgeOS.Project.KosProject.LocateInitialised(root);
        using var store = KnowledgeOS.Ledger.StoreFactory.Open(project, KnowledgeOS.Project.KosConfig.Load(project.ConfigPath), n => env.GetValueOrDefault(n), TimeProvider.System);
        return store.Events().ToList();
    }
}
