using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Evidence;
using KnowledgeOS.Project;
using KnowledgeOS.Projections;
using KnowledgeOS.Tasks;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>
/// The store contract, one abstract suite run against every engine (one subclass each): real kos
/// processes and the real database underneath. A store that is not available reports the tests skipped.
/// </summary>
public abstract class LedgerStoreContractTests : IDisposable
{
    protected LedgerStoreContractTests()
    {
        Repo = new TempRepo();
    }

    protected TempRepo Repo { get; }

    /// <summary>Why this store cannot be tested here, or null when it can.</summary>
    protected abstract string? Unavailable { get; }

    /// <summary>The environment every kos process gets to select this store.</summary>
    protected abstract IReadOnlyDictionary<string, string> StoreEnv { get; }

    /// <summary>Rewrites an event's payload behind kos's back, as someone with the engine's own tools could.</summary>
    protected abstract void AlterPayload(long seq, string payload);

    /// <summary>Deletes an event behind kos's back.</summary>
    protected abstract void DeleteEvent(long seq);

    /// <summary>Sets a task's phase (the column and its stored state) behind kos's back, with the access kos's own role has.</summary>
    protected abstract void SetTaskPhase(string task, string phase);

    /// <summary>Rewrites (or, with null, deletes) a projection record behind kos's back, with the access kos's own role has.</summary>
    protected abstract void SetRecord(string kind, string key, string? value);

    public virtual void Dispose()
    {
        Repo.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sets the repository up before <c>kos init</c> (a shared store gives each test its own project).</summary>
    protected virtual void PrepareRepo()
    {
    }

    protected void Init()
    {
        Skip.If(Unavailable is not null, Unavailable);
        PrepareRepo();
        Kos("init");
    }

    protected ProcessRun Kos(params string[] args)
    {
        var r = KosProcess.Run(Repo.Root, StoreEnv, null, args);
        Assert.True(r.Code == 0, $"kos {string.Join(' ', args)}\n{r}");
        return r;
    }

    protected ProcessRun KosRun(params string[] args) => KosProcess.Run(Repo.Root, StoreEnv, null, args);

    protected Kernel OpenKernel() =>
        Kernel.Open(Repo.Root, TimeProvider.System, "user:tester", null, env: name => StoreEnv.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name));

    protected long Count() => long.Parse(Kos("trace", "verify").Out.Split(' ')[1], CultureInfo.InvariantCulture);

    [SkippableFact]
    public void appended_events_read_back_in_order_and_reads_inside_a_write_see_its_own_writes()
    {
        Init();
        using var k = OpenKernel();
        var appended = k.Store.Write(w =>
        {
            var a = k.Append(w, EventCatalog.Note, "T-1", new NoteRecorded("één ✓"));
            var b = k.Append(w, EventCatalog.Decision, null, new NoteRecorded("second"));
            w.PutRecord("contract", "key", "T-1", "value");
            Assert.Equal("value", w.GetRecord("contract", "key"));
            Assert.Equal(b.Seq, w.Head()!.Seq);
            Assert.Equal(b.Seq, k.Store.Head()!.Seq); // a read through the store inside a write goes through the write
            return new[] { a, b };
        });

        Assert.Equal(appended[0].Seq + 1, appended[1].Seq);
        Assert.Equal(appended[0].Hash, appended[1].PrevHash);
        Assert.Equal(appended[1], k.Store.Head());
        Assert.Equal(appended[0], k.Store.GetEvent(appended[0].Seq));
        Assert.Equal([appended[0]], k.Store.Events("T-1").ToList());
        Assert.Equal([appended[1]], k.Store.EventsOfTypes([EventCatalog.Decision.Name, "no.such.type"]).ToList());
        Assert.Equal([appended[0], appended[1]], k.Store.EventsOfTypes([EventCatalog.Decision.Name, EventCatalog.Note.Name], afterSeq: appended[0].Seq - 1).ToList());
        Assert.Equal([appended[1]], k.Store.EventsOfTypes([EventCatalog.Decision.Name, EventCatalog.Note.Name], afterSeq: appended[0].Seq).ToList());
        Assert.Empty(k.Store.EventsOfTypes([EventCatalog.Note.Name], afterSeq: appended[1].Seq));
        Assert.Equal(appended[1], Assert.Single(k.Store.FindByHashPrefix(appended[1].Hash[..10])));
        Assert.Equal([("key", "value")], k.Store.ListRecords("contract", "T-1"));
        var report = k.Store.Verify();
        Assert.True(report.Ok, report.Problem);
        Assert.Equal(appended[1].Seq, report.Count);
        Assert.Equal(appended[1].Hash, report.HeadHash);

        // A write that throws leaves nothing behind.
        Assert.Throws<InvalidDataException>(() => k.Store.Write<int>(w =>
        {
            k.Append(w, EventCatalog.Note, null, new NoteRecorded("rolled back"));
            throw new InvalidDataException("abort");
        }));
        Assert.Equal(appended[1], k.Store.Head());
    }

    [SkippableFact]
    public void a_write_that_never_reads_still_commits_and_one_that_throws_before_reading_leaves_nothing()
    {
        Init();
        using var k = OpenKernel();
        var head = k.Store.Head()!;
        Assert.Equal(0, k.Store.Write(w =>
        {
            w.PutRecord("contract", "blind", null, "written");
            return 0;
        }));
        Assert.Equal(1, k.Store.Write(_ => 1)); // neither reads nor writes
        Assert.Throws<InvalidDataException>(() => k.Store.Write<int>(w =>
        {
            w.PutRecord("contract", "thrown", null, "never");
            throw new InvalidDataException("abort");
        }));

        Assert.Equal("written", k.Store.GetRecord("contract", "blind"));
        Assert.Null(k.Store.GetRecord("contract", "thrown"));
        Assert.Equal(head, k.Store.Head());
        var next = k.Store.Write(w => k.Append(w, EventCatalog.Note, null, new NoteRecorded("after")));
        Assert.Equal(head.Seq + 1, next.Seq);
        Assert.Equal(head.Hash, next.PrevHash);
    }

    [SkippableFact]
    public void a_write_that_never_reads_waits_for_a_writer_holding_the_ledger_and_lands_once_it_dies()
    {
        Init();
        var before = Count();
        using var holder = StoreProbe.Start(Repo.Root, StoreEnv, "hold", "blind");
        Assert.Equal("HOLDING", holder.StandardOutput.ReadLine());
        using var k = OpenKernel();
        var blind = Task.Run(() => k.Store.Write(w =>
        {
            w.PutRecord("probe", "blind", null, "mine");
            return 0;
        }));
        holder.Kill();
        holder.WaitForExit();
        blind.GetAwaiter().GetResult();

        // The holder's record and event were never committed; the blind write's record was, and the chain is whole.
        Assert.Equal([("blind", "mine")], k.Store.ListRecords("probe"));
        Assert.StartsWith($"TRACE_OK {before} events head ", Kos("trace", "verify").Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void eight_processes_appending_at_once_lose_nothing_and_keep_one_chain()
    {
        Init();
        const int Each = 60;
        var before = Count();
        var probes = Enumerable.Range(0, 8).Select(i => StoreProbe.Start(Repo.Root, StoreEnv, "append", Each.ToString(CultureInfo.InvariantCulture), $"writer-{i}")).ToList();
        foreach (var p in probes)
        {
            var (code, output) = StoreProbe.Finish(p);
            Assert.True(code == 0, output);
        }

        Assert.StartsWith($"TRACE_OK {before + 8 * Each} events head ", Kos("trace", "verify").Out, StringComparison.Ordinal);
        using var k = OpenKernel();
        var labels = k.Store.Events().Where(e => e.Type == EventCatalog.Note.Name).Select(e => (string)JsonNode.Parse(e.Payload)!["text"]!)
            .Where(t => t.StartsWith("probe ", StringComparison.Ordinal)).Select(t => t.Split(' ')[1]).ToList();
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(Each, labels.Count(l => l == $"writer-{i}")));
    }

    [SkippableFact]
    public void a_process_killed_mid_append_leaves_a_valid_ledger_that_keeps_working()
    {
        Init();
        var before = Count();
        for (var round = 0; round < 3; round++)
        {
            using var p = StoreProbe.Start(Repo.Root, StoreEnv, "hold", $"killed-{round}");
            Assert.Equal("HOLDING", p.StandardOutput.ReadLine());

            // Another writer waits for the lock the dying one holds, then gets it.
            using var waiter = StoreProbe.Start(Repo.Root, StoreEnv, "append", "1", $"after-{round}");
            p.Kill();
            p.WaitForExit();
            var (code, output) = StoreProbe.Finish(waiter);
            Assert.True(code == 0, output);
        }

        Assert.StartsWith($"TRACE_OK {before + 3} events head ", Kos("trace", "verify").Out, StringComparison.Ordinal);
        using var k = OpenKernel();
        Assert.DoesNotContain(k.Store.Events(), e => e.Payload.Contains("\"held ", StringComparison.Ordinal));
        Assert.Empty(k.Store.ListRecords("probe"));
    }

    [SkippableFact]
    public void an_altered_payload_and_a_deleted_event_are_named_by_seq()
    {
        Init();
        Kos("note", "first");
        Kos("note", "second");
        Kos("note", "third");
        Kos("note", "fourth");
        AlterPayload(3, "{\"text\":\"forged\"}");

        var altered = KosRun("trace", "verify");
        Assert.True(altered.Code == 1, altered.ToString());
        Assert.Contains("at seq 3", altered.Out, StringComparison.Ordinal);
        Assert.Contains("altered", altered.Out, StringComparison.Ordinal);

        DeleteEvent(2);
        var deleted = KosRun("trace", "verify", "--json");
        Assert.True(deleted.Code == 1, deleted.ToString());
        Assert.Contains("\"firstBadSeq\": 2", deleted.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void task_projections_match_what_their_events_rebuild()
    {
        Init();
        var tasks = new List<string>();
        using (var k = OpenKernel())
        {
            var spec = k.Specs.Create("Contract", "Stores agree", ["It works"], [], []).Spec.Id;
            for (var i = 0; i < 3; i++)
            {
                var created = k.Tasks.Create(new NewTask($"Task {i}", null, spec, ["R1"], [], Quick: false));
                Assert.True(created.Ok, string.Join("; ", created.Refusals));
                tasks.Add(created.Task.Id);
            }

            Assert.True(k.Tasks.Route(tasks[2], ["docs/**"], "any").Ok);
            Assert.True(k.Tasks.Plan(tasks[2], ["R1: write it"]).Ok);
        }

        Kos("route-task", tasks[1], "--scope", "src/**");

        using var kernel = OpenKernel();
        foreach (var id in tasks)
        {
            var report = LifecycleVerifier.Verify(kernel.Store, id, Strictness.Strict);
            Assert.True(report.Problems.Count == 0, string.Join("; ", report.Problems));
            var rebuilt = kernel.Store.Events(id).Where(e => e.Type.StartsWith("task.", StringComparison.Ordinal))
                .Select(e => (string?)JsonNode.Parse(e.Payload)!["phase"]).Where(p => p is not null).Last();
            Assert.Equal(rebuilt, kernel.Store.ListTasks().Single(r => r.Id == id).Phase);
        }

        var replay = ProjectionCheck.All(kernel.Store);
        Assert.True(replay.Ok, string.Join("; ", replay.Drifts));
        Assert.Equal(3, replay.Tasks);
    }

    [SkippableFact]
    public void a_scope_widened_or_a_phase_set_to_done_in_the_database_is_caught_by_verify_postflight_and_completion()
    {
        Init();
        var id = Kos("create-task", "fix the parser", "--quick", "--scope", "src/**", "--session", "s-1", "--json").Out;
        id = (string)JsonNode.Parse(id)!["task"]!;
        Kos("trace", "verify");

        // A hostile agent widens its own scope and marks its task done, straight in the tables.
        using (var k = OpenKernel())
        {
            SetRecord("scope", id, k.Store.GetRecord("scope", id)!.Replace("\"src/**\"", "\"**\"", StringComparison.Ordinal));
        }

        SetTaskPhase(id, "done");

        var verify = KosRun("trace", "verify");
        Assert.True(verify.Code == 1, verify.ToString());
        Assert.Contains($"projection scope {id}: the scope is '[**]' in the projection but '[src/**]' in its events", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"projection task {id}: the phase column is 'done' in the projection but 'execute' in its events", verify.Out, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", verify.Err, StringComparison.Ordinal);

        var json = JsonNode.Parse(KosRun("trace", "verify", "--json").Out)!["projections"]!;
        Assert.False((bool)json["ok"]!);
        var kinds = json["drifts"]!.AsArray().Select(d => ((string)d!["kind"]!, (string)d["key"]!)).ToHashSet();
        Assert.Contains(("scope", id), kinds);
        Assert.Contains(("task", id), kinds);

        var postflight = KosRun("postflight");
        Assert.True(postflight.Code != 0, postflight.ToString());
        Assert.Contains($"scope {id}: the scope is '[**]'", postflight.Out + postflight.Err, StringComparison.Ordinal);

        // Put the phase back to what the events say (but leave the scope widened): completion still refuses.
        SetTaskPhase(id, "execute");
        var complete = KosRun("complete-task", id);
        Assert.True(complete.Code != 0, complete.ToString());
        Assert.Contains("[projection]", complete.Out + complete.Err, StringComparison.Ordinal);
        using (var k = OpenKernel())
        {
            Assert.Equal("execute", k.Store.ListTasks().Single(t => t.Id == id).Phase);
        }

        // A scope index entry removed outright (the task's scope would vanish from the write check) is named too.
        SetRecord("scope", id, null);
        var removed = KosRun("trace", "verify");
        Assert.True(removed.Code == 1, removed.ToString());
        Assert.Contains($"projection scope {id}: the scope index has no entry for this task", removed.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void eight_processes_racing_to_dispatch_one_task_leave_exactly_one_claim()
    {
        Init();
        var tasks = new List<string>();
        using (var k = OpenKernel())
        {
            var spec = k.Specs.Create("Race", "Many agents, one task each", ["Work an area"], [], []).Spec.Id;
            for (var i = 0; i < 5; i++)
            {
                var created = k.Tasks.Create(new NewTask($"Task {i}", null, spec, ["R1"], [], Quick: false));
                Assert.True(created.Ok, string.Join("; ", created.Refusals));
                Assert.True(k.Tasks.Route(created.Task.Id, [$"area{i}/**"], "any").Ok);
                Assert.True(k.Tasks.Plan(created.Task.Id, ["R1: do it"]).Ok);
                tasks.Add(created.Task.Id);
            }
        }

        foreach (var task in tasks)
        {
            var racers = Enumerable.Range(0, 8)
                .Select(i => Process.Start(KosProcess.StartInfo(Repo.Root, ["dispatch-task", task, "--session", $"racer-{i}", "--json"], StoreEnv))!)
                .ToList();
            var codes = racers.Select(p =>
            {
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode, stdout.GetAwaiter().GetResult() + stderr);
            }).ToList();
            Assert.True(codes.Count(c => c.ExitCode == 0) == 1, string.Join("\n", codes));
            Assert.All(codes.Where(c => c.ExitCode != 0), c => Assert.Equal(1, c.ExitCode));
        }

        Assert.StartsWith("TRACE_OK", Kos("trace", "verify").Out, StringComparison.Ordinal);
    }
}
