using System.Diagnostics;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Ledger;

public sealed class DispatchRaceTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public DispatchRaceTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void eight_processes_racing_to_dispatch_one_task_produce_exactly_one_winner()
    {
        var task = KosProcess.Ok(_repo.Root, "create-task", "Contended", "--intent", "one winner", "--quick", "--scope", "x/**", "--session", "first").FirstLine;
        KosProcess.Ok(_repo.Root, "block", task);
        KosProcess.Ok(_repo.Root, "abandon", task);
        KosProcess.Ok(_repo.Root, "reopen", task); // back to plan: dispatchable (review is optional in standard mode)

        var racers = Enumerable.Range(0, 8)
            .Select(i => Process.Start(KosProcess.StartInfo(_repo.Root, ["dispatch-task", task, "--session", $"racer-{i}"]))!)
            .ToList();
        var codes = racers.Select(p =>
        {
            p.StandardInput.Close();
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }).ToList();

        Assert.Equal(1, codes.Count(c => c == 0));
        Assert.All(codes.Where(c => c != 0), c => Assert.Equal(1, c));
        var trace = KosProcess.Ok(_repo.Root, "trace", task, "--json").Out;
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(trace, "\"type\": \"task.dispatched\"").Count); // the quick path's and the winner's
        Assert.StartsWith("TRACE_OK", KosProcess.Ok(_repo.Root, "trace", "verify").Out, StringComparison.Ordinal);
    }
}
