using KnowledgeOS.Gates;
using KnowledgeOS.Ledger.Sqlite;
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
        using var store = new CountingStore(SqliteLedgerStore.Open(project.LedgerPath));
        using var kernel = new Kernel(project, KosConfig.Load(project.ConfigPath), store, TimeProvider.System, KernelGates.All, "user:tester");

        Create(kernel, "warm/up/**");
        var empty = Measure(kernel, store, "zero");

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
        var rows = (double)full.Rows / empty.Rows;
        var bytes = (double)full.Bytes / empty.Bytes;
        Assert.True(rows <= 1.5 && bytes <= 1.5,
            $"quick-create at {Active} active tasks: {full.Rows} rows read, {full.Bytes} bytes allocated; at none: {empty.Rows} rows, {empty.Bytes} bytes (ratios {rows:F2}, {bytes:F2}; limit 1.5)");

        // The overlap check still sees every one of them.
        var clash = kernel.CreateTask(new NewTask("Clash", null, null, [], [], Quick: true, QuickScope: ["src/area1500/x/**"], Session: "clash"));
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

    private static void Create(Kernel kernel, string scope)
    {
        var r = kernel.CreateTask(new NewTask($"Quick {scope}", null, null, [], [], Quick: true, QuickScope: [scope], Session: "s-" + scope));
        Assert.True(r.Ok, string.Join("; ", r.Refusals));
    }
}
