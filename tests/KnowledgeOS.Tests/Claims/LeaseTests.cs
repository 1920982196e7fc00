using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Claims;

public sealed class LeaseTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InProcess _kos;
    private readonly string _task;

    public LeaseTests()
    {
        _kos = new InProcess(_repo.Root, _clock);
        _kos.Ok("init");
        var spec = _kos.Ok("create-spec", "Checkout", "--intent", "Customers pay by card.", "--req", "Card form").FirstLine;
        _task = _kos.Ok("create-task", "Card form", "--spec", spec, "--req", "R1").FirstLine;
        _kos.Ok("route-task", _task, "--scope", "src/**");
        _kos.Ok("plan-task", _task, "--step", "R1: form");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void a_live_claim_cannot_be_taken_by_another_session()
    {
        _kos.Ok("dispatch-task", _task, "--session", "s1", "--lease", "10m");
        _clock.Advance(TimeSpan.FromMinutes(9));
        var r = _kos.Run("dispatch-task", _task, "--session", "s2");
        Assert.Equal(1, r.Code);
        Assert.Contains("claimed by session s1", r.Err, StringComparison.Ordinal);
        Assert.Contains("\"session\": \"s1\"", _kos.Ok("show", _task, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_expired_lease_is_taken_over_and_the_takeover_names_the_previous_holder()
    {
        _kos.Ok("dispatch-task", _task, "--session", "s1", "--lease", "10m");
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("takeover", _kos.Ok("ready").Out, StringComparison.Ordinal);
        var r = _kos.Ok("dispatch-task", _task, "--session", "s2");
        Assert.Contains($"CHECKPOINT_OK {_task} execute", r.Out, StringComparison.Ordinal);
        var trace = _kos.Ok("trace", _task, "--json").Out;
        Assert.Contains("\"type\": \"claim.taken-over\"", trace, StringComparison.Ordinal);
        Assert.Contains("\"previousSession\": \"s1\"", trace, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"lease expired\"", trace, StringComparison.Ordinal);
        // The old holder is now the one refused.
        Assert.Equal(1, _kos.Run("dispatch-task", _task, "--session", "s1").Code);
    }

    [Fact]
    public void activity_of_the_session_renews_its_lease()
    {
        _kos.Ok("dispatch-task", _task, "--session", "s1", "--lease", "10m");
        using (var kernel = Kernel.Open(_repo.Root, _clock, "agent:test", "s1"))
        {
            _clock.Advance(TimeSpan.FromSeconds(20));
            Assert.Empty(kernel.Claims.Touch("s1")); // not due yet: nothing written on a busy hook path
            _clock.Advance(TimeSpan.FromMinutes(8));
            Assert.Equal([_task], kernel.Claims.Touch("s1"));
        }

        _clock.Advance(TimeSpan.FromMinutes(9)); // 17m after the claim, 9m after the renewal
        Assert.Equal(1, _kos.Run("dispatch-task", _task, "--session", "s2").Code);
        _clock.Advance(TimeSpan.FromMinutes(2));
        _kos.Ok("dispatch-task", _task, "--session", "s2");
    }

    [Fact]
    public void activity_in_a_worktree_bound_to_the_task_renews_its_claim_whoever_dispatched_it()
    {
        _kos.Ok("dispatch-task", _task, "--session", "dispatcher", "--lease", "10m");
        _kos.Ok("bind", _task);
        _clock.Advance(TimeSpan.FromMinutes(8));
        using (var kernel = Kernel.Open(_repo.Root, _clock, "agent:claude", "claude-session-42"))
        {
            var (acting, _) = kernel.Writes.ResolveActing(kernel.Store, null, "claude-session-42");
            Assert.Equal(_task, acting?.Id);
            Assert.Empty(kernel.Claims.Touch("claude-session-42"));
            Assert.Equal([_task], kernel.Claims.Touch("claude-session-42", acting!.Id));
        }

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1, _kos.Run("dispatch-task", _task, "--session", "someone-else").Code);
    }

    [Fact]
    public void release_frees_the_task_for_anyone()
    {
        _kos.Ok("dispatch-task", _task, "--session", "s1");
        _kos.Ok("release", _task, "--reason", "handing over");
        Assert.Contains(_task, _kos.Ok("ready").Out, StringComparison.Ordinal);
        _kos.Ok("dispatch-task", _task, "--session", "s2");
        Assert.Contains("claim.released", _kos.Ok("trace", _task).Out, StringComparison.Ordinal);
        Assert.Equal(2, _kos.Run("release", "T-nonexistent").Code);
    }

    [Fact]
    public void ready_lists_planned_tasks_whose_scope_is_free_and_not_others()
    {
        Assert.Contains(_task, _kos.Ok("ready").Out, StringComparison.Ordinal);
        var spec = _kos.Ok("create-spec", "Other", "--intent", "i", "--req", "r").FirstLine;
        var unplanned = _kos.Ok("create-task", "Unplanned", "--spec", spec, "--req", "R1").FirstLine;
        _kos.Ok("dispatch-task", _task, "--session", "s1");
        var ready = _kos.Ok("ready", "--json").Out;
        Assert.DoesNotContain(_task, ready, StringComparison.Ordinal);
        Assert.DoesNotContain(unplanned, ready, StringComparison.Ordinal);
    }

    [Fact]
    public void ready_leaves_out_a_task_whose_spec_drifted()
    {
        var file = Directory.GetFiles(_repo.PathOf(".agent-os/specs"))[0];
        File.WriteAllText(file, File.ReadAllText(file).Replace("Card form", "Card form with 3-D Secure", StringComparison.Ordinal));
        Assert.DoesNotContain(_task, _kos.Ok("ready").Out, StringComparison.Ordinal);
    }
}
