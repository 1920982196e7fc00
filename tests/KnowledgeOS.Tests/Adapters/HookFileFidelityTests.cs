using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Adapters;

/// <summary>
/// <c>kos hooks install|uninstall</c> on the user's own files: byte-identical outside kos's entries (JSONC comments, trailing
/// commas, tabs, CRLF), idempotent, previewed by <c>--dry-run</c>, and not fooled by kos-looking text that is not kos's entry.
/// </summary>
public sealed class HookFileFidelityTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public HookFileFidelityTests() =>
        _kos = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["HOME"] = _repo.PathOf("home"), ["PATH"] = "/usr/bin:/bin" });

    public void Dispose() => _repo.Dispose();

    public static TheoryData<string, string, string> UserFiles => new()
    {
        { "claude", ".claude/settings.json", "{\n\t\"model\": \"opus\",\n\t\"permissions\": {\n\t\t\"allow\": [\"Bash(npm test:*)\"]\n\t}\n}\n" },
        { "codex", ".codex/hooks.json", "{\n    \"hooks\": {\n        \"Notification\": [\n            {\n                \"hooks\": [ { \"type\": \"command\", \"command\": \"notify-send hi\" } ]\n            }\n        ]\n    }\n}" },
        {
            "gemini", ".gemini/settings.json",
            "// my settings\n{\n  /* theme */ \"theme\": \"dark\", // trailing comment\n  \"hooks\": {\n    // kos goes here\n    \"BeforeTool\": [\n      { \"matcher\": \"run_shell_command\", \"hooks\": [{ \"type\": \"command\", \"command\": \"./guard.sh\", },], },\n    ],\n  },\n  \"list\": [1, 2, /* three */ 3,],\n}\n"
        },
        {
            "claude", ".claude/settings.json",
            "{\n  \"hooks\": {\n    \"PreToolUse\": [ { \"matcher\": \"Bash\", \"hooks\": [ { \"type\": \"command\", \"command\": \"./scripts/guard.sh\", \"timeout\": 5 } ] } ],\n    \"Stop\": [\n      {\n        \"hooks\": [\n          { \"type\": \"command\", \"command\": \"say done\" }\n        ]\n      }\n    ]\n  },\n  \"futureSetting\": { \"nested\": [1, 2, { \"x\": null }] }\n}\n"
        },
        { "qwen", ".qwen/settings.json", "{\r\n  \"general\": {\r\n    \"vimMode\": true\r\n  }\r\n}\r\n" },
        { "cursor", ".cursor/hooks.json", "{\n  // Cursor hooks\n  \"version\": 1,\n  \"hooks\": {\n    \"afterFileEdit\": [ { \"command\": \"./format.sh\" }, ],\n  },\n}\n" },
        { "copilot", ".github/hooks/kos.json", "{\r\n\t\"version\": 1,\r\n\t\"hooks\": {\r\n\t\t\"sessionEnd\": [\r\n\t\t\t{ \"type\": \"command\", \"bash\": \"./bye.sh\" }\r\n\t\t]\r\n\t}\r\n}" },
    };

    [Theory]
    [MemberData(nameof(UserFiles))]
    public void install_then_uninstall_gives_back_the_exact_original_bytes(string agent, string path, string original)
    {
        _repo.Write(path, original);
        var file = _repo.PathOf(path);

        _kos.Ok("hooks", "install", "--agent", agent);
        var installed = File.ReadAllText(file);
        Assert.NotEqual(original, installed);
        Assert.NotEmpty(Installed(installed, agent));
        // Everything of the user's is still there, comments included.
        foreach (var comment in new[] { "// my settings", "/* theme */", "// trailing comment", "// kos goes here", "/* three */", "// Cursor hooks" }.Where(original.Contains))
        {
            Assert.Contains(comment, installed, StringComparison.Ordinal);
        }

        // The added lines follow the file: its line endings, its indentation.
        if (original.Contains("\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(installed.Split('\n').Length - 1, installed.Split("\r\n").Length - 1);
        }

        if (original.Contains("\n\t", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("\n ", installed, StringComparison.Ordinal);
        }

        // Idempotent: a second install changes no byte.
        Assert.Contains("unchanged", _kos.Ok("hooks", "install", "--agent", agent).Out, StringComparison.Ordinal);
        Assert.Equal(installed, File.ReadAllText(file));

        _kos.Ok("hooks", "uninstall", "--agent", agent);
        Assert.Equal(original, File.ReadAllText(file));
    }

    [Fact]
    public void the_users_own_hooks_on_the_same_event_stay_and_kos_adds_its_group_after_them()
    {
        const string original = "{\n    \"hooks\": {\n        \"PreToolUse\": [\n            { \"matcher\": \"Bash\", \"hooks\": [{ \"type\": \"command\", \"command\": \"./guard.sh\" }] }\n        ]\n    }\n}\n";
        _repo.Write(".claude/settings.json", original);
        _kos.Ok("hooks", "install", "--agent", "claude");
        var text = File.ReadAllText(_repo.PathOf(".claude/settings.json"));

        var pre = JsonNode.Parse(text)!["hooks"]!["PreToolUse"]!.AsArray();
        Assert.Equal(2, pre.Count);
        Assert.Equal("./guard.sh", pre[0]!["hooks"]![0]!["command"]!.GetValue<string>());
        Assert.Contains("hook claude pre-tool-use", pre[1]!["hooks"]![0]!["command"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(original[..(original.IndexOf(" }] }", StringComparison.Ordinal) + 5)], text, StringComparison.Ordinal);
        Assert.Contains("\n            {\n                \"matcher\": \"*\"", text, StringComparison.Ordinal);

        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal(original, File.ReadAllText(_repo.PathOf(".claude/settings.json")));
    }

    [Fact]
    public void dry_run_shows_the_unified_diff_and_writes_nothing()
    {
        const string original = "{\n  // keep me\n  \"theme\": \"dark\"\n}\n";
        _repo.Write(".gemini/settings.json", original);
        var file = _repo.PathOf(".gemini/settings.json");

        var preview = _kos.Ok("hooks", "install", "--agent", "gemini", "--dry-run");
        Assert.Equal(original, File.ReadAllText(file));
        Assert.False(Directory.Exists(_repo.PathOf(".agent-os/state/backups")));
        Assert.Contains($"--- {file}\n+++ {file}\n@@ -1,4 +1,", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n-  \"theme\": \"dark\"\n+  \"theme\": \"dark\",\n+  \"hooks\": {\n", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n+            \"command\": \"sh -c 'if command -v timeout", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n   // keep me\n", preview.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\n-  // keep me", preview.Out, StringComparison.Ordinal);

        // A new file shows as all additions; its folder is not even created.
        var fresh = _kos.Ok("hooks", "install", "--agent", "codex", "--dry-run");
        Assert.Contains("--- /dev/null\n", fresh.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_repo.PathOf(".codex")));

        _kos.Ok("hooks", "install", "--agent", "gemini");
        var installed = File.ReadAllText(file);
        var undo = _kos.Ok("hooks", "uninstall", "--agent", "gemini", "--dry-run", "--json");
        Assert.Equal(installed, File.ReadAllText(file));
        var diff = JsonNode.Parse(undo.Out)![0]!["diff"]!.GetValue<string>();
        Assert.Contains("\n-    \"BeforeTool\": [\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n-  \"theme\": \"dark\",\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n+  \"theme\": \"dark\"\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(diff.Split('\n'), l => l.StartsWith('+') && l.Contains("hook gemini", StringComparison.Ordinal));
    }

    [Fact]
    public void uninstall_all_carries_on_past_a_broken_file_and_reports_each_agent()
    {
        const string claude = "{\n  \"model\": \"opus\"\n}\n";
        _repo.Write(".claude/settings.json", claude);
        _kos.Ok("hooks", "install", "--agent", "claude", "--agent", "codex", "--agent", "git");
        _repo.Write(".gemini/settings.json", "{ \"theme\": \"dark\", \"hooks\": ");
        var hook = _repo.PathOf(".git/hooks/pre-commit");
        Assert.True(File.Exists(hook));

        var r = _kos.Run("hooks", "uninstall", "--agent", "all");

        Assert.Equal(2, r.Code);
        Assert.Contains("gemini: FAILED", r.Err, StringComparison.Ordinal);
        Assert.Contains("settings.json is not valid JSON", r.Err, StringComparison.Ordinal);
        Assert.Contains("1 of ", r.Err, StringComparison.Ordinal);
        Assert.Contains("claude: removed from", r.Out, StringComparison.Ordinal);
        Assert.Contains("codex: removed from", r.Out, StringComparison.Ordinal);
        Assert.Contains("git: removed from", r.Out, StringComparison.Ordinal);
        Assert.Equal(claude, File.ReadAllText(_repo.PathOf(".claude/settings.json")));
        Assert.False(File.Exists(_repo.PathOf(".codex/hooks.json")));
        Assert.False(File.Exists(hook));
        Assert.Equal("{ \"theme\": \"dark\", \"hooks\": ", File.ReadAllText(_repo.PathOf(".gemini/settings.json")));
    }

    [Fact]
    public void kos_looking_text_in_a_comment_or_another_string_is_not_taken_for_kos_entry()
    {
        const string kosLike = "sh -c 'if command -v timeout >/dev/null 2>&1; then timeout -k 2 ${KOS_HOOK_DEADLINE:-25} kos hook claude stop; else kos hook claude stop; fi; exit 2'";
        var command = JsonValue.Create(kosLike).ToJsonString();
        var original =
            "{\n  \"hooks\": {\n    \"Stop\": [\n" +
            $"      // {{ \"hooks\": [ {{ \"type\": \"command\", \"command\": {command} }} ] }},\n" +
            $"      /* {{ \"hooks\": [ {{ \"type\": \"command\", \"command\": {command} }} ] }} */\n" +
            $"      {{ \"description\": {command}, {command}: 1, \"hooks\": [ {{ \"type\": \"command\", \"command\": {JsonValue.Create("echo " + kosLike).ToJsonString()} }} ] }}\n" +
            "    ]\n  }\n}\n";
        _repo.Write(".claude/settings.json", original);
        var file = _repo.PathOf(".claude/settings.json");

        var none = _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Contains("no kos hooks found", none.Out, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(file));

        _kos.Ok("hooks", "install", "--agent", "claude");
        var stop = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!["hooks"]!["Stop"]!.AsArray();
        Assert.Equal(2, stop.Count);
        Assert.StartsWith("echo ", stop[0]!["hooks"]![0]!["command"]!.GetValue<string>(), StringComparison.Ordinal);
        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal(original, File.ReadAllText(file));
    }

    [Fact]
    public void an_older_kos_entry_is_updated_in_place_and_nothing_else_moves()
    {
        const string before = "{\n  \"hooks\": {\n    \"Stop\": [\n      { \"hooks\": [ { \"type\": \"command\", \"command\": \"say bye\" }, { \"type\": \"command\", \"command\": \"/opt/kos hook claude stop\" } ] } // mine\n    ]\n  }\n}\n";
        _repo.Write(".claude/settings.json", before);
        _kos.Ok("hooks", "install", "--agent", "claude");
        var text = File.ReadAllText(_repo.PathOf(".claude/settings.json"));
        Assert.DoesNotContain("/opt/kos", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"hooks\": {\n    \"Stop\": [\n      { \"hooks\": [ { \"type\": \"command\", \"command\": \"say bye\" }, { \"type\": \"command\", \"command\": \"sh -c 'if", text, StringComparison.Ordinal);
        Assert.Contains("exit 2'\", \"timeout\": 30 } ] } // mine\n    ],\n    \"SessionStart\": [", text, StringComparison.Ordinal);

        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal("{\n  \"hooks\": {\n    \"Stop\": [\n      { \"hooks\": [ { \"type\": \"command\", \"command\": \"say bye\" } ] } // mine\n    ]\n  }\n}\n", File.ReadAllText(_repo.PathOf(".claude/settings.json")));
    }

    [Fact]
    public void a_file_with_a_member_twice_is_refused_and_left_as_it_is()
    {
        const string original = "{ \"hooks\": {}, \"hooks\": { \"Stop\": [] } }";
        _repo.Write(".claude/settings.json", original);
        var r = _kos.Run("hooks", "install", "--agent", "claude");
        Assert.Equal(2, r.Code);
        Assert.Contains("kos did not change it", r.Err, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(_repo.PathOf(".claude/settings.json")));
    }

    [Fact]
    public void a_byte_order_mark_is_kept()
    {
        var original = "\uFEFF{\n  \"model\": \"opus\"\n}\n";
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(_repo.PathOf(".claude")).FullName, "settings.json"), System.Text.Encoding.UTF8.GetBytes(original[1..]).Prepend((byte)0xBF).Prepend((byte)0xBB).Prepend((byte)0xEF).ToArray());
        var before = File.ReadAllBytes(_repo.PathOf(".claude/settings.json"));
        _kos.Ok("hooks", "install", "--agent", "claude");
        Assert.Equal(0xEF, File.ReadAllBytes(_repo.PathOf(".claude/settings.json"))[0]);
        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal(before, File.ReadAllBytes(_repo.PathOf(".claude/settings.json")));
    }

    private static List<string> Installed(string text, string agent) =>
        [.. JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!
            .ToJsonString().Split($" hook {agent} ").Skip(1)];
}
