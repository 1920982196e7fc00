using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;

namespace KnowledgeOS.Testing.Adapters;

/// <summary>
/// The Claude Code fence (<c>.claude/settings.local.json</c>, written with the Claude hooks and kept in step with the
/// tasks) edits only kos's entries: the user's comments, layout, keys and list items stay byte for byte, and removing
/// the fence gives back the exact original file (or no file, when kos created it).
/// </summary>
public sealed class ClaudeFenceFidelityTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public ClaudeFenceFidelityTests()
    {
        _kos = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["HOME"] = _repo.PathOf("home"), ["PATH"] = "/usr/bin:/bin" });
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private string File_ => _repo.PathOf(".claude/settings.local.json");

    private JsonObject Parsed() => JsonNode.Parse(File.ReadAllText(File_), documentOptions: JsoncDocument.Lenient)!.AsObject();

    public static TheoryData<string> UserFiles => new()
    {
        "{\n  // my local settings\n  \"permissions\": { \"allow\": [\"Bash(npm test:*)\"] }, /* keep */\n  \"sandbox\": {\n    \"enabled\": false, // off by default\n    \"filesystem\": {\n      \"denyWrite\": [\"//etc/mine\",],\n    },\n  },\n}\n",
        "{\r\n\t\"model\": \"opus\",\r\n\t\"sandbox\": {\r\n\t\t\"excludedCommands\": [\"docker\"]\r\n\t}\r\n}",
        "// nothing about a sandbox yet\n{ \"env\": { \"FOO\": \"1\" } }\n",
        "\uFEFF{\n    \"sandbox\": { \"filesystem\": { \"allowWrite\": [] } }\n}\n",
    };

    [Theory]
    [MemberData(nameof(UserFiles))]
    public void setting_and_removing_the_fence_gives_back_the_users_exact_bytes(string original)
    {
        var bytes = Encoding.UTF8.GetBytes(original.TrimStart('\uFEFF'));
        if (original.StartsWith('\uFEFF'))
        {
            bytes = [.. Encoding.UTF8.Preamble, .. bytes];
        }

        Directory.CreateDirectory(_repo.PathOf(".claude"));
        File.WriteAllBytes(File_, bytes);

        _kos.Ok("hooks", "install", "--agent", "claude");
        var fenced = Parsed();
        Assert.True((bool)fenced["sandbox"]!["enabled"]!);
        Assert.NotEmpty(fenced["sandbox"]!["filesystem"]!["denyWrite"]!.AsArray());
        // Outside kos's entries, the user's text is still there as they wrote it.
        var text = File.ReadAllText(File_);
        foreach (System.Text.RegularExpressions.Match comment in System.Text.RegularExpressions.Regex.Matches(original, @"(?<!"")//[^\r\n]*|/\*.*?\*/"))
        {
            Assert.Contains(comment.Value, text, StringComparison.Ordinal);
        }

        // The tasks change, and the fence follows them.
        _kos.Ok("create-task", "Docs", "--quick", "--scope", "docs/**", "--session", "s9");
        _kos.Ok("hooks", "install", "--agent", "claude");

        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal(bytes, File.ReadAllBytes(File_));
    }

    [Fact]
    public void a_fence_kos_created_leaves_no_file_behind()
    {
        _kos.Ok("hooks", "install", "--agent", "claude");
        Assert.True(File.Exists(File_));
        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.False(File.Exists(File_));
    }

    [Fact]
    public void an_entry_the_user_had_already_stays_when_the_fence_goes()
    {
        _kos.Ok("hooks", "install", "--agent", "claude");
        var kosEntry = (string)Parsed()["sandbox"]!["filesystem"]!["denyWrite"]![0]!;
        _kos.Ok("hooks", "uninstall", "--agent", "claude");

        var original = $"{{\n  \"sandbox\": {{\n    // mine, and kos wants it too\n    \"filesystem\": {{ \"denyWrite\": [\"{kosEntry}\"] }}\n  }}\n}}\n";
        Directory.CreateDirectory(_repo.PathOf(".claude"));
        File.WriteAllText(File_, original);
        _kos.Ok("hooks", "install", "--agent", "claude");
        Assert.Single(Parsed()["sandbox"]!["filesystem"]!["denyWrite"]!.AsArray(), n => (string?)n == kosEntry);
        _kos.Ok("hooks", "uninstall", "--agent", "claude");
        Assert.Equal(original, File.ReadAllText(File_));
    }

    [Fact]
    public void a_settings_file_that_is_not_json_is_refused_and_left_alone()
    {
        const string broken = "{ \"sandbox\": { \"enabled\": ";
        Directory.CreateDirectory(_repo.PathOf(".claude"));
        File.WriteAllText(File_, broken);
        var r = _kos.Run("hooks", "install", "--agent", "claude");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("settings.local.json", r.Err, StringComparison.Ordinal);
        Assert.Equal(broken, File.ReadAllText(File_));
    }

    [Fact]
    public void a_sandbox_that_is_not_an_object_is_refused_and_left_alone()
    {
        const string odd = "{ \"sandbox\": true }\n";
        Directory.CreateDirectory(_repo.PathOf(".claude"));
        File.WriteAllText(File_, odd);
        var r = _kos.Run("hooks", "install", "--agent", "claude");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("sandbox is not an object", r.Err, StringComparison.Ordinal);
        Assert.Equal(odd, File.ReadAllText(File_));
    }
}
