using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Lifecycle;

public sealed class StrictnessTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public StrictnessTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private void SetStrictness(string level, string extra = "") =>
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), $"strictness = \"{level}\"\n{extra}");

    private string PlannedTask()
    {
        var spec = _kos.Ok("create-spec", "S", "--intent", "i", "--req", "a", "--req", "b").FirstLine;
        var task = _kos.Ok("create-task", "T", "--spec", spec, "--req", "R1,R2").FirstLine;
        _kos.Ok("route-task", task, "--scope", "src/**", "--agent", "claude");
        _kos.Ok("plan-task", task, "--step", "R1: a", "--step", "R2: b");
        return task;
    }

    [Fact]
    public void strict_mode_refuses_a_reviewer_who_planned_the_task()
    {
        SetStrictness("strict");
        var task = PlannedTask();
        var r = _kos.Run("review-task", task, "--approve", "--reviewer", "user:tester");
        Assert.Equal(1, r.Code);
        Assert.Contains("[review]", r.Err, StringComparison.Ordinal);
        _kos.Ok("review-task", task, "--approve", "--reviewer", "alice");
    }

    [Fact]
    public void strict_mode_requires_a_review_before_dispatch_but_standard_does_not()
    {
        SetStrictness("strict");
        var strictTask = PlannedTask();
        Assert.Equal(1, _kos.Run("dispatch-task", strictTask, "--session", "s1").Code);

        SetStrictness("standard");
        var standardTask = PlannedTask();
        _kos.Ok("dispatch-task", standardTask, "--session", "s2");
    }

    [Fact]
    public void strict_mode_refuses_a_plan_that_leaves_a_requirement_uncovered()
    {
        SetStrictness("strict");
        var spec = _kos.Ok("create-spec", "S", "--intent", "i", "--req", "a", "--req", "b").FirstLine;
        var task = _kos.Ok("create-task", "T", "--spec", spec, "--req", "R1,R2").FirstLine;
        _kos.Ok("route-task", task, "--scope", "src/**", "--agent", "claude");
        var r = _kos.Run("plan-task", task, "--step", "R1: only a");
        Assert.Equal(1, r.Code);
        Assert.Contains("no plan step covers R2", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void advisory_mode_records_a_refused_gate_as_a_warning_and_passes()
    {
        SetStrictness("advisory");
        var r = _kos.Ok("create-task", "Unbound", "--intent", "no spec");
        Assert.Contains("warning: [spec]", r.Err, StringComparison.Ordinal);
        var trace = _kos.Ok("trace", r.FirstLine, "--json").Out;
        Assert.Contains("\"warnings\"", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void a_per_gate_override_tightens_one_gate()
    {
        SetStrictness("standard", "[gates]\nreview = \"strict\"\n");
        var task = PlannedTask();
        Assert.Equal(1, _kos.Run("dispatch-task", task, "--session", "s1").Code);
    }

    [Fact]
    public void an_unknown_strictness_is_a_clear_config_error()
    {
        SetStrictness("paranoid");
        var r = _kos.Run("list");
        Assert.Equal(2, r.Code);
        Assert.Contains("strictness = \"paranoid\" is not one of strict, standard, advisory, off", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void standard_mode_refuses_a_task_without_a_spec()
    {
        var r = _kos.Run("create-task", "Unbound", "--intent", "no spec");
        Assert.Equal(1, r.Code);
        Assert.Contains("not bound to a spec", r.Err, StringComparison.Ordinal);
    }
}
