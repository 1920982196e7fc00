using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Scopes;

/// <summary>
/// Quick-create must cost the same with 2,000 active tasks as with none. Work is counted, not timed:
/// the ledger rows the command reads (a deterministic count) and the bytes it allocates.
/// </summary>
public sealed class QuickCreateScalingTests : IDisposable
{
    private const int Active = 2000;
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void quick_create_does_the_same_work_at_2000_active_tasks_as_at_none()
    {
        new InProcess(_repo.Root).Ok("init");
        var project = KosProject.LocateInitialised(_repo.Root);
        using var store = new CountingStore(StoreFactory.OpenFile(project.LedgerPath, TimeProvider.System, create: false));
        using var kernel = new Kernel(project, KosConfig.Load(project.ConfigPath), store, TimeProvider.System, KernelGates.All, "user:tester");

        Create(kernel, "warm/up/**");
        var empty = Measure(kernel, store, "zero");
        var emptyCheck = Check(kernel, store, "zero");

        // 2,000 active tasks: some made by quick-create itself, the rest saved in one transaction in the same shape.
        for (var i = 0; i < 20; i++)
        {
            Create(kernel, $"src/area{i}/**");
        }

        var template = kernel.FindTask(store, kernel.Store.ListTasks().First(t => t.Phase == "execute").Id)!;
        kernel.Store.Write(w =>
        {
            for (var i = 20; i < Active; i++)
            {
                kernel.SaveTask(w, template with { Id = $"T-seed{i:D5}", Scope = [$"src/area{i}/**", $"docs/area{i}.md"], Claim = template.Claim! with { Session = $"s{i}" } });
            }

            return 0;
        });
        Assert.True(kernel.Store.ListTasks().Count(t => t.Phase == "execute") > Active);

        var full = Measure(kernel, store, "full");
        var fullCheck = Check(kernel, store, "full");
        Assert.True(fullCheck <= 1.5 * emptyCheck, $"the write check read {fullCheck} rows at {Active} active tasks, {emptyCheck} at none");
        Assert.Equal("T-seed01999", kernel.Writes.Check(["src/area1999/c.cs"], null, "s-src/full0/**", record: false).Paths[0].Owner);
        var rows = (double)full.Rows / empty.Rows;
        var bytes = (double)full.Bytes / empty.Bytes;
        Assert.True(rows <= 1.5 && bytes <= 1.5,
            $"quick-create at {Active} active tasks: {full.Rows} rows read, {full.Bytes} bytes allocated; at none: {empty.Rows} rows, {empty.Bytes} bytes (ratios {rows:F2}, {bytes:F2}; limit 1.5)");

        // The overlap check still sees every one of them.
        var clash = kernel.Tasks.Create(new NewTask("Clash", null, null, [], [], Quick: true, QuickScope: ["src/area1500/x/**"], Session: "clash"));
        Assert.False(clash.Ok);
        Assert.Contains(clash.Refusals, r => r.Reason.Contains("T-seed01500", StringComparison.Ordinal));
    }

    /// <summary>The smallest work of five quick-creates (each in a folder of its own, so none is refused).</summary>
    private static (long Rows, long Bytes) Measure(Kernel kernel, CountingStore store, string name)
    {
        var best = (Rows: long.MaxValue, Bytes: long.MaxValue);
        for (var i = 0; i < 5; i++)
        {
            var rows = store.Rows;
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            Create(kernel, $"src/{name}{i}/**");
            best = (Math.Min(best.Rows, store.Rows - rows), Math.Min(best.Bytes, GC.GetAllocatedBytesForCurrentThread() - bytes));
        }

        return best;
    }

    /// <summary>Rows the hooks' write check reads: a path in the session's own scope, another task's, and no one's.</summary>
    private static long Check(Kernel kernel, CountingStore store, string name)
    {
        var warm = kernel.Store.ListTasks().Single(t => t.Title == "Quick warm/up/**").Id;
        var rows = store.Rows;
        var check = kernel.Writes.Check([$"src/{name}0/a.cs", "warm/up/b.cs", "elsewhere/d.cs"], null, $"s-src/{name}0/**", record: false);
        rows = store.Rows - rows;
        Assert.Equal([true, false, false], check.Paths.Select(d => d.Allowed));
        Assert.Equal(warm, check.Paths[1].Owner);
        return rows;
    }

    private static void Create(Kernel kernel, string scope)
    {
        var r = kernel.Tasks.Create(new NewTask($"Quick {scope}", null, null, [], [], Quick: true, QuickScope: [scope], Session: "s-" + scope));
        Assert.True(r.Ok, string.Join("; ", r.Refusals));
    }
}
