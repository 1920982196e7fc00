using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Governance;

/// <summary>
/// The ledger records the hash of config.toml and of kos's own hook entries; postflight and complete-task name any
/// drift. Each hostile edit is made as an agent would make it where no hook sees it: python rewriting
/// <c>.claude/settings.json</c>, <c>sed</c> on the config, <c>rm</c> of the git hook, then a commit.
/// A person set up the repository (init, hooks for Claude Code and git) and a quick task scoped <c>src/**</c>.
/// </summary>
public sealed class GovernanceDriftTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public GovernanceDriftTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _kos.Ok("hooks", "install", "--agent", "claude", "--agent", "git");
        _repo.Git("add", "-A");
        _repo.Git("commit", "-qm", "governed", "--no-verify");
        _kos.Ok("create-task", "Change the app", "--quick", "--scope", "src/**", "--eval", "true", "-q");
    }

    [Fact]
    public void nothing_changed_gives_no_governance_problem_and_completion_passes()
    {
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
        Complete();
    }

    [Fact]
    public void a_hook_entry_removed_with_python_and_committed_is_named_with_the_command_that_restores_it()
    {
        Sh("python3 -c \"import json; p='.claude/settings.json'; d=json.load(open(p)); del d['hooks']['PreToolUse']; json.dump(d, open(p,'w'))\" && git commit -qam x --no-verify");
        var named = "[governance] .claude/settings.json: claude's PreToolUse entry was removed";
        AssertRefused(named, "kos hooks install --agent claude");

        _kos.Ok("hooks", "install", "--agent", "claude");
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
        Complete();
    }

    [Fact]
    public void strictness_lowered_with_sed_still_refuses_completion_at_the_recorded_strictness()
    {
        Sh("sed -i 's/^strictness = .*/strictness = \"off\"/' .agent-os/config.toml && git commit -qam off --no-verify");
        AssertRefused("[governance] .agent-os/config.toml was changed since kos recorded it and is weaker: strictness standard → off", "kos accept-governance");
    }

    [Fact]
    public void a_deleted_git_hook_is_named()
    {
        Sh("rm .git/hooks/pre-commit && git commit -q --allow-empty -m x");
        AssertRefused("[governance] .git/hooks/pre-commit: git's pre-commit entry was removed", "kos hooks install --agent git");
    }

    [Fact]
    public void a_git_hook_made_unrunnable_is_a_changed_entry()
    {
        Sh("chmod -x .git/hooks/pre-commit");
        AssertRefused("[governance] .git/hooks/pre-commit: git's pre-commit entry was changed", "kos hooks install --agent git");
    }

    [Theory]
    [InlineData("d['hooks']['PreToolUse'][0]['matcher'] = 'NoSuchTool'", "PreToolUse entry was changed")]
    [InlineData("d['hooks']['Stop'][0]['hooks'][0]['command'] = 'true # kos hook claude stop'", "Stop entry")]
    [InlineData("d['disableAllHooks'] = True", "disableAllHooks entry was added")]
    public void a_narrowed_matcher_a_swapped_command_or_hooks_switched_off_is_named(string edit, string named)
    {
        Sh($"python3 -c \"import json; p='.claude/settings.json'; d=json.load(open(p)); {edit}; json.dump(d, open(p,'w'), indent=1)\"");
        AssertRefused(named, "kos hooks install --agent claude");
    }

    [Fact]
    public void the_users_own_settings_and_hooks_stay_theirs_to_edit()
    {
        Sh("python3 -c \"import json; p='.claude/settings.json'; d=json.load(open(p)); d['model'] = 'opus'; " +
           "d['hooks']['PreToolUse'].append({'matcher': 'Bash', 'hooks': [{'type': 'command', 'command': 'echo mine'}]}); json.dump(d, open(p,'w'), indent=4)\"");
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
        Complete();
    }

    [Fact]
    public void a_config_edit_that_lowers_nothing_is_named_as_a_note_and_does_not_refuse()
    {
        Sh("sed -i 's/^timeout_seconds = 600/timeout_seconds = 60/' .agent-os/config.toml");
        var postflight = _kos.Run("postflight");
        Assert.DoesNotContain("[governance]", postflight.Out);
        Assert.Contains("note: governance: .agent-os/config.toml was changed since kos recorded it; nothing in it is weaker", postflight.Err);
        Complete();
    }

    [Theory]
    [InlineData("s/^default = \\[\\]/default = [\"true\"]/", false)]
    [InlineData("s/^strictness = .*/strictness = \"advisory\"/", true)]
    public void a_config_is_weaker_only_when_it_lowers_something(string sed, bool weaker)
    {
        Sh($"sed -i '{sed}' .agent-os/config.toml");
        Assert.Equal(weaker, _kos.Run("postflight").Out.Contains("[governance] .agent-os/config.toml", StringComparison.Ordinal));
    }

    [Fact]
    public void only_a_person_accepts_changed_governance_even_after_an_agent_switched_strictness_off()
    {
        Sh("sed -i 's/^strictness = .*/strictness = \"off\"/' .agent-os/config.toml");
        var agent = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["CLAUDECODE"] = "1" });
        var refused = agent.Run("accept-governance");
        Assert.Equal(1, refused.Code);
        Assert.Contains("decision for a person", refused.Err);
        Assert.Contains("[governance] .agent-os/config.toml", _kos.Run("postflight").Out);

        // Nor may it put its own hooks in place: the recorded strictness (standard) is the one that counts.
        Assert.Equal(1, agent.Run("hooks", "uninstall", "--agent", "claude").Code);

        var accepted = _kos.Ok("accept-governance");
        Assert.Contains("accepted: .agent-os/config.toml", accepted.Out);
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
        Assert.Contains("governance.sealed", _kos.Ok("trace", "--json").Out);
    }

    [Fact]
    public void the_fence_kos_keeps_is_sealed_and_a_refresh_restores_it_without_washing_out_other_drift()
    {
        var fence = _repo.PathOf(".claude/settings.local.json");
        Assert.Contains("denyWrite", File.ReadAllText(fence));
        Sh("python3 -c \"import json; p='.claude/settings.local.json'; d=json.load(open(p)); d['sandbox']['filesystem']['denyWrite'] = []; json.dump(d, open(p,'w'))\"");
        Sh("python3 -c \"import json; p='.claude/settings.json'; d=json.load(open(p)); del d['hooks']['PostToolUse']; json.dump(d, open(p,'w'))\"");
        var postflight = _kos.Run("postflight").Out;
        Assert.Contains("[governance] .claude/settings.local.json: claude's sandbox entry was changed", postflight);
        Assert.Contains("[governance] .claude/settings.json: claude's PostToolUse entry was removed", postflight);

        // Any task change rewrites the fence (and records it); the hook entry it did not write stays drift.
        _kos.Ok("create-task", "Another", "--quick", "--scope", "docs/**", "-q");
        postflight = _kos.Run("postflight").Out;
        Assert.DoesNotContain("settings.local.json", postflight);
        Assert.Contains("[governance] .claude/settings.json: claude's PostToolUse entry was removed", postflight);
    }

    [Theory]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("cursor")]
    [InlineData("copilot")]
    [InlineData("qwen")]
    [InlineData("opencode")]
    public void every_agents_entries_are_recorded_and_their_removal_named(string agent)
    {
        var installed = _kos.Ok("hooks", "install", "--agent", agent, "--json");
        var file = JsonNode.Parse(installed.Out)![0]!["file"]!.GetValue<string>();
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
        var sealedEvent = JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray().Last(e => e!["type"]!.GetValue<string>() == "governance.sealed")!;
        Assert.Contains(sealedEvent["payload"]!["entries"]!.AsArray(), e => e!["agent"]!.GetValue<string>() == agent && e["hash"]!.GetValue<string>().Length == 64);

        File.Delete(file);
        var rel = Path.GetRelativePath(_repo.Root, file);
        AssertRefused($"[governance] {rel}: {agent}'s", $"kos hooks install --agent {agent}");
        _kos.Ok("hooks", "install", "--agent", agent);
        Assert.DoesNotContain("[governance]", _kos.Run("postflight").Out);
    }

    [Fact]
    public void init_records_the_config_hash_in_its_own_event()
    {
        var init = JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray().First()!;
        Assert.Equal("project.initialised", init["type"]!.GetValue<string>());
        Assert.Equal(64, init["payload"]!["config"]!.GetValue<string>().Length);
    }

    private void AssertRefused(string named, string fix)
    {
        var postflight = _kos.Run("postflight");
        Assert.DoesNotContain("[SYNC_OK]", postflight.Out);
        Assert.Contains(named, postflight.Out);
        Assert.Contains(fix, postflight.Out);
        _kos.Ok("eval-task");
        var complete = _kos.Run("complete-task");
        Assert.NotEqual(0, complete.Code);
        Assert.Contains(named.Replace("[governance] ", "", StringComparison.Ordinal), complete.Out + complete.Err);
        Assert.Contains("[governance]", complete.Out + complete.Err);
    }

    private void Complete()
    {
        _kos.Ok("eval-task");
        _kos.Ok("complete-task");
    }

    private void Sh(string command)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command}: {err.Result}");
    }

    public void Dispose() => _repo.Dispose();
}
