using System.Diagnostics;

namespace KnowledgeOS.Testing.Governance;

/// <summary>
/// The governance record through the real kos binary (and, in the second pass, the team store): a person sets up
/// Claude Code's and git's hooks; an agent with a shell removes kos's hook entry with python, lowers strictness with
/// sed, deletes the git hook and commits. Postflight and complete-task name each change with its fix; a person
/// restores or accepts, and [SYNC_OK] and completion come back.
/// </summary>
public sealed class GovernanceDriftEndToEndTests : IDisposable
{
    private readonly TempRepo _repo = new();

    [Fact]
    public void a_hostile_shell_edit_of_each_governance_file_is_named_until_a_person_restores_or_accepts_it()
    {
        Kos("init");
        Kos("hooks", "install", "--agent", "claude", "--agent", "git");
        _repo.Git("add", "-A");
        _repo.Git("commit", "-qm", "governed", "--no-verify");
        Kos("create-task", "Change the app", "--quick", "--scope", "src/**", "--eval", "true", "-q");
        Assert.Contains("[SYNC_OK]", Kos("postflight").Out);

        Sh("python3 -c \"import json; p='.claude/settings.json'; d=json.load(open(p)); del d['hooks']['PreToolUse']; json.dump(d, open(p,'w'))\"");
        Sh("sed -i 's/^strictness = .*/strictness = \"off\"/' .agent-os/config.toml");
        Sh("rm .git/hooks/pre-commit && git commit -qam 'hostile'");

        var postflight = KosProcess.Run(_repo.Root, "postflight");
        Assert.Equal(1, postflight.Code);
        Assert.DoesNotContain("[SYNC_OK]", postflight.Out);
        string[] named =
        [
            ".agent-os/config.toml was changed since kos recorded it and is weaker: strictness standard → off",
            ".claude/settings.json: claude's PreToolUse entry was removed",
            ".git/hooks/pre-commit: git's pre-commit entry was removed",
        ];
        foreach (var n in named)
        {
            Assert.Contains("[governance] " + n, postflight.Out);
        }

        Assert.Contains("kos hooks install --agent claude", postflight.Out);
        Assert.Contains("kos hooks install --agent git", postflight.Out);
        Assert.Contains("kos accept-governance", postflight.Out);

        Kos("eval-task");
        var complete = KosProcess.Run(_repo.Root, "complete-task");
        Assert.Equal(1, complete.Code);
        foreach (var n in named)
        {
            Assert.Contains(n, complete.Out + complete.Err);
        }

        // An agent cannot accept its own change, whatever the config now says.
        var agent = KosProcess.Run(_repo.Root, new Dictionary<string, string> { ["CLAUDECODE"] = "1" }, null, "accept-governance");
        Assert.Equal(1, agent.Code);

        // A person puts the hooks back, and accepts the strictness they chose.
        Kos("hooks", "install", "--agent", "claude", "--agent", "git");
        Assert.Contains("accepted: .agent-os/config.toml", Kos("accept-governance").Out);
        _repo.Git("commit", "-qam", "restored", "--no-verify");
        Assert.Contains("[SYNC_OK]", Kos("postflight").Out);
        Kos("eval-task");
        Kos("complete-task");
    }

    private ProcessRun Kos(params string[] args) => KosProcess.Ok(_repo.Root, args);

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
