using KnowledgeOS.Testing;
using KnowledgeOS.Testing.MultiAgent;

namespace KnowledgeOS.Tests.MultiAgent;

/// <summary>The claim is held under the name given at dispatch; the agent acts under its own session ID.</summary>
public sealed class ClaimFollowsAgentTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly WorktreeRepo _r;

    public ClaimFollowsAgentTests() => _r = new WorktreeRepo(_clock);

    public void Dispose() => _r.Dispose();

    private CliRun Call(string cwd, string session, IReadOnlyDictionary<string, string>? env = null) =>
        WorktreeRepo.Hook(cwd, "pre-tool-use", session, "ls", env, _clock);

    private string Holder(string task) =>
        System.Text.Json.Nodes.JsonNode.Parse(_r.Main.Ok("show", task, "--json").Out)!["claim"]?["session"]?.GetValue<string>() ?? "";

    [Fact]
    public void the_agents_activity_in_its_bound_worktree_keeps_an_intruder_out_while_it_works()
    {
        var wt = _r.AddWorktree("wt-a", _r.TaskA, "agent-a", "10m");
        Call(wt, "claude-a");
        Assert.Equal("claude-a", Holder(_r.TaskA));
        var trace = _r.Main.Ok("trace", _r.TaskA, "--json").Out;
        Assert.Contains("\"type\": \"claim.handed-over\"", trace, StringComparison.Ordinal);
        Assert.Contains("\"previousSession\": \"agent-a\"", trace, StringComparison.Ordinal);

        // 25 minutes of steady work on a 10-minute lease: never taken over.
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            Call(wt, "claude-a");
            Assert.Equal(1, _r.Main.Run("dispatch-task", _r.TaskA, "--session", "intruder").Code);
        }

        // The agent stops; once its lease runs out the takeover rules apply as before.
        _clock.Advance(TimeSpan.FromMinutes(11));
        _r.Main.Ok("dispatch-task", _r.TaskA, "--session", "intruder", "--lease", "10m");
        Assert.Contains("\"previousSession\": \"claude-a\"", _r.Main.Ok("trace", _r.TaskA, "--json").Out, StringComparison.Ordinal);

        // The old agent's activity neither takes the claim back nor renews the new holder's lease.
        _clock.Advance(TimeSpan.FromMinutes(9));
        Call(wt, "claude-a");
        Assert.Equal("intruder", Holder(_r.TaskA));
        _clock.Advance(TimeSpan.FromMinutes(2));
        _r.Main.Ok("dispatch-task", _r.TaskA, "--session", "someone-else");
    }

    [Fact]
    public void an_agent_started_with_the_dispatch_session_in_its_environment_takes_the_claim_over_in_a_shared_tree()
    {
        _r.Main.Ok("dispatch-task", _r.TaskB, "--session", "agent-b", "--lease", "10m");
        var env = new Dictionary<string, string> { ["KOS_SESSION"] = "agent-b" };
        Call(_r.Repo.Root, "claude-b", env);
        Assert.Equal("claude-b", Holder(_r.TaskB));
        _clock.Advance(TimeSpan.FromMinutes(8));
        Call(_r.Repo.Root, "claude-b", env);
        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(1, _r.Main.Run("dispatch-task", _r.TaskB, "--session", "intruder").Code);
    }

    [Fact]
    public void a_second_agent_session_in_the_same_worktree_renews_the_claim_without_taking_it()
    {
        var wt = _r.AddWorktree("wt-a", _r.TaskA, "agent-a", "10m");
        Call(wt, "claude-a");
        Call(wt, "claude-a2");
        Assert.Equal("claude-a", Holder(_r.TaskA));
        _clock.Advance(TimeSpan.FromMinutes(8));
        Call(wt, "claude-a2");
        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(1, _r.Main.Run("dispatch-task", _r.TaskA, "--session", "intruder").Code);
        Assert.Equal("claude-a", Holder(_r.TaskA));
    }

    [Fact]
    public void a_claim_nobody_took_after_it_ran_out_is_revived_by_the_agents_first_call_and_an_unbound_session_revives_nothing()
    {
        var wt = _r.AddWorktree("wt-a", _r.TaskA, "agent-a", "10m");
        _clock.Advance(TimeSpan.FromMinutes(11));
        Call(_r.Repo.Root, "bystander"); // in the main tree, bound to nothing: no claim of its own, none renewed
        Assert.Equal("agent-a", Holder(_r.TaskA));
        Call(wt, "claude-a");
        Assert.Equal("claude-a", Holder(_r.TaskA));
        Assert.Equal(1, _r.Main.Run("dispatch-task", _r.TaskA, "--session", "intruder").Code);
    }
}
