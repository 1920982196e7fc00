using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Approvals;

/// <summary>Human decisions stay human: from an agent's context each is refused and filed; a person grants it once.</summary>
public sealed class HumanDecisionTests : IDisposable
{
    private static readonly Dictionary<string, string> Claude = new()
    {
        ["CLAUDECODE"] = "1",
        ["AI_AGENT"] = "claude-code_2-1-197_agent",
        ["CLAUDE_CODE_SESSION_ID"] = "sess-1",
    };

    private readonly TempRepo _repo = new();
    private readonly InProcess _person;
    private readonly InProcess _agent;

    public HumanDecisionTests()
    {
        _person = new InProcess(_repo.Root);
        _agent = new InProcess(_repo.Root, env: Claude);
        _person.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private string Executing(string scope = "src/**", string session = "sess-1") =>
        _person.Ok("create-task", "Fix", "--quick", "--scope", scope, "--session", session).FirstLine;

    private List<JsonNode> Requests(bool all = false) =>
        [.. JsonNode.Parse(_person.Ok(["requests", "--json", .. all ? new[] { "--all" } : []]).Out)!.AsArray().Select(n => n!)];

    [Theory]
    [InlineData("block", "{T}", "--reason", "x")]
    [InlineData("abandon", "{T}")]
    [InlineData("route-task", "{T}", "--scope", "**")]
    [InlineData("review-task", "{T}", "--approve", "--reviewer", "alice")]
    [InlineData("create-task", "Anything", "--quick", "--scope", "**")]
    [InlineData("align-spec", "{T}", "--accept")]
    [InlineData("registry", "set-policy", "shell/bash", "allow")]
    [InlineData("registry", "add", "evil", "--kind", "script", "--command", "rm")]
    [InlineData("hooks", "uninstall", "--agent", "claude")]
    [InlineData("hooks", "install", "--agent", "git")]
    [InlineData("init")]
    [InlineData("doctor", "--fix")]
    [InlineData("ledger", "archive", "--before", "2100-01-01")]
    public void each_human_decision_from_an_agent_is_refused_and_filed(params string[] args)
    {
        var task = Executing();
        var before = _person.Ok("trace").Out.Split('\n').Length;
        var argv = args.Select(a => a.Replace("{T}", task, StringComparison.Ordinal)).ToArray();

        var r = _agent.Run(argv);

        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains("decision for a person", r.Err, StringComparison.Ordinal);
        var q = Assert.Single(Requests());
        Assert.Equal("agent:claude/sess-1", q["requestedBy"]!.GetValue<string>());
        Assert.Equal(argv, q["command"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(q["id"]!.GetValue<string>(), r.Err, StringComparison.Ordinal);
        var trace = _person.Ok("trace").Out;
        Assert.Equal(before + 1, trace.Split('\n').Length); // only approval.requested was appended
        Assert.Contains("approval.requested", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void a_grant_is_used_once_by_the_same_command_and_session()
    {
        var task = Executing();
        Assert.Equal(1, _agent.Run("block", task, "--reason", "stuck").Code);
        var id = Assert.Single(Requests())["id"]!.GetValue<string>();

        _person.Ok("approve", id, "--note", "fine");

        // Another command, or another session, does not use the grant.
        Assert.Equal(1, _agent.Run("block", task, "--reason", "other").Code);
        Assert.Equal(1, new InProcess(_repo.Root, env: new Dictionary<string, string>(Claude) { ["CLAUDE_CODE_SESSION_ID"] = "sess-2" }).Run("block", task, "--reason", "stuck").Code);

        var used = _agent.Run("block", task, "--reason", "stuck");
        Assert.True(used.Code == 0, used.ToString());
        Assert.Contains($"using {id}", used.Err, StringComparison.Ordinal);
        Assert.Contains("blocked", _person.Ok("show", task, "--json").Out, StringComparison.Ordinal);
        Assert.Contains("agent:claude/sess-1", _person.Ok("trace", task).Out, StringComparison.Ordinal);

        // One-shot: reopen, then the same block again is a new request.
        _person.Ok("reopen", task);
        Assert.Equal(1, _agent.Run("block", task, "--reason", "stuck").Code);
        Assert.Contains(Requests(all: true), q => q["id"]!.GetValue<string>() == id && q["status"]!.GetValue<string>() == "used");
    }

    [Fact]
    public void a_pending_request_is_not_filed_twice_and_a_denied_one_stays_refused()
    {
        var task = Executing();
        Assert.Equal(1, _agent.Run("abandon", task).Code);
        Assert.Equal(1, _agent.Run("abandon", task).Code);
        var id = Assert.Single(Requests())["id"]!.GetValue<string>();
        _person.Ok("deny", id, "--note", "keep going");
        var again = _agent.Run("abandon", task);
        Assert.Equal(1, again.Code);
        Assert.DoesNotContain("abandoned", _person.Ok("show", task, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_agent_cannot_answer_a_request_even_when_it_claims_to_be_a_person()
    {
        var task = Executing();
        _agent.Run("block", task);
        var id = Assert.Single(Requests())["id"]!.GetValue<string>();
        var disguised = new InProcess(_repo.Root, env: new Dictionary<string, string>(Claude) { ["KOS_ACTOR"] = "user:alice" });

        var r = disguised.Run("approve", id);

        Assert.Equal(1, r.Code);
        Assert.Contains("only a person", r.Err, StringComparison.Ordinal);
        Assert.Equal("pending", Assert.Single(Requests())["status"]!.GetValue<string>());
        Assert.Equal(1, disguised.Run("block", task).Code);
    }

    [Fact]
    public void an_agent_may_release_its_own_claim_but_not_another_sessions()
    {
        var own = Executing("src/**", "sess-1");
        var other = Executing("docs/**", "someone-else");

        Assert.Equal(0, _agent.Run("release", own).Code);
        Assert.Equal(1, _agent.Run("release", other).Code);
        Assert.Equal("release-other", Assert.Single(Requests())["decision"]!.GetValue<string>());
    }

    [Fact]
    public void completing_is_a_person_s_decision_in_strict_mode_only()
    {
        var task = Executing();
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = \"strict\"\n");
        var r = _agent.Run("complete-task", task);
        Assert.Equal(1, r.Code);
        Assert.Equal("complete", Assert.Single(Requests())["decision"]!.GetValue<string>());

        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = \"standard\"\n");
        var standard = _agent.Run("complete-task", task);
        Assert.DoesNotContain("decision for a person", standard.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ordinary_work_from_an_agent_is_not_asked_and_is_recorded_as_the_agent()
    {
        var task = Executing();
        var r = _agent.Run("note", "--task", task, "looked around");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Empty(Requests(all: true));
        Assert.Contains("agent:claude/sess-1", _person.Ok("trace", task).Out, StringComparison.Ordinal);
    }
}
