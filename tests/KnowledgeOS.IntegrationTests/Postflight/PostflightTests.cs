using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Postflight;

public sealed class PostflightTests
{
    /// <summary>A project with one task done on real evidence and everything committed.</summary>
    private static WorkedTask CleanProject()
    {
        var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        w.Kos("complete-task", w.Task);
        w.Repo.Git("add", "-A");
        w.Repo.Git("commit", "-qm", "greeting");
        return w;
    }

    [Fact]
    public void postflight_returns_sync_ok_on_a_clean_project_and_the_marker_verifies()
    {
        using var w = CleanProject();
        var r = w.Kos("postflight");
        var marker = r.Out.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("[SYNC_OK] head ", StringComparison.Ordinal));
        Assert.Matches(@"^\[SYNC_OK\] head [0-9a-f]{12}$", marker);
        Assert.Contains("VALID", w.Kos("verify-marker", marker).Out, StringComparison.Ordinal);
        Assert.Equal(1, w.Try("verify-marker", "[SYNC_OK] head 0123456789ab").Code);
    }

    [Fact]
    public void postflight_catches_a_registry_entry_whose_command_does_not_resolve_until_it_is_denied()
    {
        using var w = CleanProject();
        w.Repo.Write(".mcp.json", "{\"mcpServers\": {\"ghost\": {\"command\": \"kos-no-such-server-xyz\", \"args\": []}}}\n");
        w.Repo.Git("add", "-A");
        w.Repo.Git("commit", "-qm", "mcp");
        w.Kos("registry", "sync");

        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [registry] registry entry mcp/ghost (.mcp.json", r.Out, StringComparison.Ordinal);
        Assert.Contains("kos-no-such-server-xyz", r.Out, StringComparison.Ordinal);

        w.Kos("registry", "set-policy", "mcp/ghost", "deny");
        Assert.Contains("[SYNC_OK]", w.Kos("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_catches_an_unattributed_change_and_names_the_file()
    {
        using var w = CleanProject();
        w.Repo.Write("rogue.txt", "nobody asked for this\n");
        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [unattributed]", r.Out, StringComparison.Ordinal);
        Assert.Contains("rogue.txt", r.Out, StringComparison.Ordinal);
        Assert.Contains("fix: ", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[SYNC_OK]", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_change_inside_an_active_tasks_scope_is_attributed()
    {
        using var w = CleanProject();
        w.Kos("create-task", "Docs", "--quick", "--scope", "docs/**", "--session", "s2");
        w.Repo.Write("docs/guide.md", "# Guide\n");
        Assert.Contains("[SYNC_OK]", w.Kos("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_catches_a_stale_file_from_an_abandoned_task_and_doctor_deletes_only_what_is_named()
    {
        using var w = CleanProject();
        var task = w.Kos("create-task", "Generate", "--quick", "--scope", "gen/**", "--session", "s2").FirstLine;
        w.Repo.Write("gen/out.txt", "generated\n");
        w.Kos("abandon", task, "--reason", "wrong approach");
        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [stale-files] gen/out.txt was created while " + task, r.Out, StringComparison.Ordinal);

        var unnamed = w.Try("doctor", "--fix", "--yes", "greeting.txt");
        Assert.Equal(2, unnamed.Code);
        Assert.True(File.Exists(w.Repo.PathOf("greeting.txt")));
        w.Try("doctor", "--fix");
        Assert.True(File.Exists(w.Repo.PathOf("gen/out.txt")), "doctor --fix must not delete a user's file without --yes naming it");

        w.Kos("doctor", "--fix", "--yes", "gen/out.txt");
        Assert.False(File.Exists(w.Repo.PathOf("gen/out.txt")));
        Assert.Contains("[SYNC_OK]", w.Kos("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_catches_a_hook_pointing_at_a_missing_binary()
    {
        using var w = CleanProject();
        w.Repo.Write(".claude/settings.json", """
            {"hooks":{"PreToolUse":[{"matcher":"Write","hooks":[{"type":"command","command":"/nonexistent/bin/kos hook claude PreToolUse"}]}]}}
            """);
        w.Repo.Git("add", "-A");
        w.Repo.Git("commit", "-qm", "hooks");
        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [hooks] .claude/settings.json", r.Out, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bin/kos does not exist", r.Out, StringComparison.Ordinal);
        Assert.Contains("kos hooks install --agent claude", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_hook_and_mcp_entry_that_reach_a_working_kos_pass()
    {
        using var w = CleanProject();
        using var bin = new TempRepo(init: false);
        var wrapper = Path.Combine(bin.Root, "kos");
        var target = KosProcess.Binary;
        File.WriteAllText(wrapper, target.EndsWith(".dll", StringComparison.Ordinal)
            ? $"#!/bin/sh\nexec dotnet '{target}' \"$@\"\n"
            : $"#!/bin/sh\nexec '{target}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        w.Repo.Write(".mcp.json", "{\"mcpServers\":{\"kos\":{\"type\":\"stdio\",\"command\":\"" + wrapper + "\",\"args\":[\"mcp\"]}}}");
        w.Repo.Write(".git/hooks/pre-commit", $"#!/bin/sh\n{wrapper} postflight\n");
        w.Repo.Git("add", "-A");
        w.Repo.Git("commit", "-qm", "mcp", "--no-verify");
        Assert.Contains("[SYNC_OK]", w.Kos("postflight").Out, StringComparison.Ordinal);

        File.Delete(wrapper);
        var r = w.Try("postflight");
        Assert.Contains("PROBLEM [hooks] .mcp.json", r.Out, StringComparison.Ordinal);
        Assert.Contains("PROBLEM [hooks] .git/hooks/pre-commit", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_catches_a_task_record_that_disagrees_with_the_ledger_and_doctor_re_renders_it()
    {
        using var w = CleanProject();
        var record = w.Repo.PathOf($".agent-os/tasks/{w.Task}.md");
        File.WriteAllText(record, File.ReadAllText(record).Replace("phase: done", "phase: report", StringComparison.Ordinal));
        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [task-records]", r.Out, StringComparison.Ordinal);
        Assert.Contains("kos doctor --fix", r.Out, StringComparison.Ordinal);
        Assert.Contains("re-rendered", w.Kos("doctor", "--fix").Out, StringComparison.Ordinal);
        Assert.Contains("phase: done", File.ReadAllText(record), StringComparison.Ordinal);
        Assert.Contains("[SYNC_OK]", w.Kos("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_catches_a_done_task_whose_scope_changed_after_its_evidence()
    {
        using var w = CleanProject();
        w.Repo.Write("greeting.txt", "goodbye\n");
        var r = w.Try("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains($"PROBLEM [evidence] {w.Task} is done but files in its scope changed", r.Out, StringComparison.Ordinal);
    }
}
