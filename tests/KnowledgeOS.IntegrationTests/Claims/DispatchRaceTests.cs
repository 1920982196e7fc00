using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.IntegrationTests.Claims;

/// <summary>
/// Peers let several of 8 racing callers "win" one task. Here 8 real kos processes race to
/// dispatch the same task, 50 times over: exactly one claim each time, and the ledger agrees.
/// </summary>
public sealed class DispatchRaceTests : IDisposable
{
    private const int Racers = 8;
    private const int Rounds = 50;
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void eight_processes_racing_to_dispatch_one_task_yield_exactly_one_claim_fifty_times_over()
    {
        KosProcess.Ok(_repo.Root, "init");
        var tasks = new List<string>();
        using (var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null))
        {
            var spec = k.Specs.Create("Race", "Many agents, one task each", ["Work an area"], [], []).Spec.Id;
            for (var i = 0; i < Rounds; i++)
            {
                var created = k.Tasks.Create(new NewTask($"Task {i}", null, spec, ["R1"], [], Quick: false));
                Assert.True(created.Ok, string.Join("; ", created.Refusals));
                var t = created.Task.Id;
                Assert.True(k.Tasks.Route(t, [$"area{i}/**"], "any").Ok);
                Assert.True(k.Tasks.Plan(t, ["R1: do it"]).Ok);
                tasks.Add(t);
            }
        }

        foreach (var task in tasks)
        {
            var processes = Enumerable.Range(0, Racers)
                .Select(i => Process.Start(KosProcess.StartInfo(_repo.Root, ["dispatch-task", task, "--session", $"racer-{i}", "--json"]))!)
                .ToList();
            var results = processes.Select(p =>
            {
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode, Out: stdout.GetAwaiter().GetResult(), Err: stderr);
            }).ToList();

            var winners = results.Where(r => r.ExitCode == 0).ToList();
            Assert.True(winners.Count == 1, $"{task}: {winners.Count} winners\n" + string.Join("\n", results.Select(r => $"{r.ExitCode} {r.Out} {r.Err}")));
            Assert.All(results.Where(r => r.ExitCode != 0), r => Assert.Equal(1, r.ExitCode));

            var show = JsonNode.Parse(KosProcess.Ok(_repo.Root, "show", task, "--json").Out)!;
            var holder = (string)show["claim"]!["session"]!;
            var events = JsonNode.Parse(KosProcess.Ok(_repo.Root, "trace", task, "--json").Out)!.AsArray();
            var dispatched = events.Where(e => (string?)e!["type"] is "task.dispatched" or "claim.taken-over" or "claim.renewed").ToList();
            Assert.Single(dispatched);
            Assert.Equal(holder, (string?)dispatched[0]!["session"]);
        }

        Assert.StartsWith("TRACE_OK", KosProcess.Ok(_repo.Root, "trace", "verify").Out, StringComparison.Ordinal);
    }
}
