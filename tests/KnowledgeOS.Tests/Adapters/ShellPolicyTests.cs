using KnowledgeOS.Capabilities;

namespace KnowledgeOS.Tests.Adapters;

/// <summary>What the PreToolUse hook refuses in an agent's shell command before it runs.</summary>
public sealed class ShellPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kos-shell-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("git commit --no-verify -m x")]
    [InlineData("git add -A && git commit -n -m 'skip'")]
    [InlineData("git commit -anm wip")]
    [InlineData("git -c core.hooksPath=/dev/null commit -m x")]
    [InlineData("git config core.hooksPath .nohooks && git commit -m x")]
    [InlineData("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/tmp git commit -m x")]
    [InlineData("/usr/bin/git push --no-verify")]
    [InlineData("env -i /usr/local/bin/kos block T-1")]
    [InlineData("env -u CLAUDECODE -u AI_AGENT kos route-task T-1 --scope '**'")]
    [InlineData("setsid kos review-task T-1 --approve --reviewer alice")]
    [InlineData("nohup kos approve Q-1 > /dev/null 2>&1 &")]
    [InlineData("(sleep 5; kos abandon T-1) &")]
    [InlineData("python3 -c \"import os,subprocess; os.fork() or subprocess.run(['kos','registry','set-policy','mcp/fs','allow'], env={})\"")]
    public void an_agent_s_shell_command_that_bypasses_a_check_is_refused(string command) =>
        Assert.NotNull(ShellPolicy.Refusal(command, _dir));

    [Theory]
    [InlineData("git commit -m 'fix -n flag handling'")]
    [InlineData("git commit -m x -- src/a.txt")]
    [InlineData("git status && git diff 2>&1 | head")]
    [InlineData("kos block T-1 --reason stuck")]
    [InlineData("kos eval-task T-1 &")]
    [InlineData("ls -la && echo done")]
    public void ordinary_commands_pass(string command) =>
        Assert.Null(ShellPolicy.Refusal(command, _dir));

    [Fact]
    public void a_script_named_in_the_command_is_read_too()
    {
        File.WriteAllText(Path.Combine(_dir, "go.sh"), "#!/bin/sh\nenv -i kos reopen T-1\n");
        File.WriteAllText(Path.Combine(_dir, "ok.sh"), "#!/bin/sh\necho hi\n");
        Assert.NotNull(ShellPolicy.Refusal("bash go.sh", _dir));
        Assert.Null(ShellPolicy.Refusal("sh ./ok.sh", _dir));
    }
}
