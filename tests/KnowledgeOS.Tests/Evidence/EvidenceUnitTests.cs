using System.Text;
using KnowledgeOS.Evidence;
using KnowledgeOS.Postflight;

namespace KnowledgeOS.Tests.Evidence;

public sealed class EvidenceUnitTests
{
    [Fact]
    public async Task the_output_tail_keeps_the_last_bytes_across_reads_and_hashes_everything()
    {
        var path = Path.GetTempFileName();
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n"));
        var live = new StringWriter();
        OutputCapture.Result result;
        using (var capture = new OutputCapture(path, live, new object()))
        {
            await capture.PumpAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            result = capture.Finish();
        }

        Assert.Equal(text, live.ToString());
        Assert.Equal(text, File.ReadAllText(path));
        Assert.EndsWith("line 1999\n", result.Tail, StringComparison.Ordinal);
        Assert.StartsWith("line ", result.Tail, StringComparison.Ordinal);
        Assert.True(result.Tail.Length <= OutputCapture.TailBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))), result.Sha256);
        File.Delete(path);
    }

    [Theory]
    [InlineData("All tests pass.", "All tests pass")]
    [InlineData("The bug is fixed and the build passes", "fixed")]
    [InlineData("Done!", "Done")]
    [InlineData("tests are passing now", "tests are passing")]
    public void completion_claims_are_found(string text, string claim) =>
        Assert.Contains(claim, ClaimVerifier.Claims(text).Select(c => c.Claim));

    [Theory]
    [InlineData("This is not done yet.")]
    [InlineData("It isn't fixed.")]
    [InlineData("CHECKPOINT_OK T-abc done 0123456789ab")]
    [InlineData("I read the file and ran ls.")]
    public void negated_claims_and_marker_lines_are_not_claims(string text) =>
        Assert.Empty(ClaimVerifier.Claims(text));

    [Theory]
    [InlineData("kos hook claude PreToolUse", "kos")]
    [InlineData("\"$CLAUDE_PROJECT_DIR\"/bin/kos hook claude Stop", "$CLAUDE_PROJECT_DIR/bin/kos")]
    [InlineData("KOS_STRICT=1 /usr/local/bin/kos hook codex PreToolUse", "/usr/local/bin/kos")]
    [InlineData("cd x && exec kos postflight", "kos")]
    public void kos_invocations_are_found_in_hook_commands(string command, string exe) =>
        Assert.Contains(exe.Replace("\"", "", StringComparison.Ordinal), HookCommands.KosExecutables(command).Select(e => e.Replace("\"", "", StringComparison.Ordinal)));

    [Theory]
    [InlineData("npx prettier --write kos.txt")]
    [InlineData("echo kos")]
    [InlineData("kosmos run")]
    public void commands_that_do_not_run_kos_are_left_alone(string command) =>
        Assert.Empty(HookCommands.KosExecutables(command));

    [Theory]
    [InlineData(127, "command not found")]
    [InlineData(137, "killed by signal 9")]
    [InlineData(2, "exit 2")]
    public void failed_exits_are_explained(int code, string expected) =>
        Assert.Contains(expected, EvalRunner.Explain(code), StringComparison.Ordinal);
}
