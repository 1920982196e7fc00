using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Lifecycle;

public sealed class LifecycleCommandTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public LifecycleCommandTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private (string Spec, string Task) SpecAndTask()
    {
        var spec = _kos.Ok("create-spec", "Checkout", "--intent", "Customers pay by card.", "--req", "Card form", "--req", "Receipt email").FirstLine;
        var task = _kos.Ok("create-task", "Build card form", "--spec", spec, "--req", "R1,R2").FirstLine;
        return (spec, task);
    }

    [Fact]
    public void a_task_walks_every_phase_and_each_gate_prints_a_checkpoint()
    {
        var (_, task) = SpecAndTask();
        Assert.StartsWith("T-", task, StringComparison.Ordinal);
        Assert.Contains($"CHECKPOINT_OK {task} route ", _kos.Ok("route-task", task, "--scope", "src/**", "--agent", "claude").Out, StringComparison.Ordinal);
        Assert.Contains($"CHECKPOINT_OK {task} plan ", _kos.Ok("plan-task", task, "--step", "R1: form", "--step", "R2: email").Out, StringComparison.Ordinal);
        Assert.Contains($"CHECKPOINT_OK {task} review ", _kos.Ok("review-task", task, "--approve", "--reviewer", "alice").Out, StringComparison.Ordinal);
        var dispatch = _kos.Ok("dispatch-task", task, "--session", "s1").Out;
        Assert.Contains($"CHECKPOINT_OK {task} dispatch ", dispatch, StringComparison.Ordinal);
        Assert.Contains($"CHECKPOINT_OK {task} execute ", dispatch, StringComparison.Ordinal);
        Assert.Equal("execute", ShowPhase(task));
    }

    [Fact]
    public void an_illegal_transition_names_the_current_phase_and_the_legal_next_steps()
    {
        var (_, task) = SpecAndTask();
        var r = _kos.Run("dispatch-task", task, "--session", "s1");
        Assert.Equal(1, r.Code);
        Assert.Contains("is in phase intake", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos route-task", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_plan_step_citing_an_unknown_requirement_is_refused()
    {
        var (_, task) = SpecAndTask();
        _kos.Ok("route-task", task, "--scope", "src/**");
        var r = _kos.Run("plan-task", task, "--step", "R7: something else");
        Assert.Equal(2, r.Code);
        Assert.Contains("R7", r.Err, StringComparison.Ordinal);
        Assert.Equal("route", ShowPhase(task));
    }

    [Fact]
    public void the_plan_shows_requirements_no_step_covers()
    {
        var (_, task) = SpecAndTask();
        _kos.Ok("route-task", task, "--scope", "src/**");
        var r = _kos.Ok("plan-task", task, "--step", "R1: form only");
        Assert.Contains("R2", r.Err, StringComparison.Ordinal);
        Assert.Contains("no step covers R2", _kos.Ok("show", task).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_task_id_suggests_the_near_ones()
    {
        var (_, task) = SpecAndTask();
        var typo = task[..^1] + (task[^1] == 'a' ? 'b' : 'a');
        var r = _kos.Run("show", typo);
        Assert.Equal(2, r.Code);
        Assert.Contains($"Did you mean {task}", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_unique_prefix_finds_the_task()
    {
        var (_, task) = SpecAndTask();
        Assert.Contains(task, _kos.Ok("show", task[..6]).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_quick_task_goes_from_intake_to_execute_in_one_command()
    {
        var r = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s9");
        var task = r.FirstLine;
        foreach (var phase in new[] { "intake", "route", "plan", "dispatch", "execute" })
        {
            Assert.Contains($"CHECKPOINT_OK {task} {phase} ", r.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void block_and_reopen_return_the_task_to_where_it_was()
    {
        var (_, task) = SpecAndTask();
        _kos.Ok("route-task", task, "--scope", "src/**");
        _kos.Ok("block", task, "--reason", "waiting for design");
        Assert.Equal("blocked", ShowPhase(task));
        _kos.Ok("reopen", task);
        Assert.Equal("route", ShowPhase(task));
    }

    private string ShowPhase(string task) =>
        System.Text.Json.JsonDocument.Parse(_kos.Ok("show", task, "--json").Out).RootElement.GetProperty("phase").GetString()!;
}
