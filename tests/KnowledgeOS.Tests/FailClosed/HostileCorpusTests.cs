using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace KnowledgeOS.Testing.FailClosed;

/// <summary>
/// Corpora of hostile hook payloads and paths, each meant to write outside the task's scope or to a
/// protected path. Every one must be refused: the tests print how many were allowed (target 0).
/// </summary>
public sealed class HostileCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Targets =
    [
        "docs/x.md", "README.md", ".git/hooks/pre-commit", ".git/config", ".agent-os/config.toml", ".agent-os/state/ledger.db",
        ".claude/settings.json", ".mcp.json", ".env", "src/../docs/y.md",
    ];

    private static readonly string[] ToolNames =
        ["write", "WRITE", "Write ", "Writer", "create_file", "str_replace_editor", "FileWrite", "edit_file", "Bash2", "mcp__evil__write_file", "tool", ""];

    [Fact]
    public void strict_mode_allows_none_of_a_thousand_mutated_hostile_payloads()
    {
        using var h = new HookHarness("strict");
        var random = new Random(11);
        var allowed = new List<string>();
        const int n = 1000;
        for (var i = 0; i < n; i++)
        {
            var payload = Mutated(h, random);
            var r = h.Hook(payload);
            if (!HookHarness.Denied(r))
            {
                allowed.Add($"{payload[..Math.Min(400, payload.Length)]}\n  -> exit {r.Code} {r.Out.Trim()} {r.Err.Trim()}");
            }
        }

        output.WriteLine($"fuzz: {allowed.Count} of {n} mutated hostile payloads allowed in strict mode (target 0)");
        Assert.True(allowed.Count == 0, string.Join("\n", allowed.Take(10)));
    }

    [Fact]
    public void no_hostile_path_is_allowed_in_standard_mode_through_any_write_tool_or_cwd()
    {
        using var h = new HookHarness("standard");
        var root = h.Repo.Root;
        Directory.CreateDirectory(Path.Combine(root, "src"));
        File.CreateSymbolicLink(Path.Combine(root, "src", "link"), "../docs");
        File.CreateSymbolicLink(Path.Combine(root, "src", "abs"), Path.GetTempPath());
        File.CreateSymbolicLink(Path.Combine(root, "src", "gitlink"), "../.git");
        // An NFD-named link: Linux keeps the bytes, so resolving must read the disk before normalising.
        File.CreateSymbolicLink(Path.Combine(root, "src", "cafe\u0301"), "../docs");
        var paths = HostilePaths(root).Distinct(StringComparer.Ordinal).ToList();
        var allowed = new List<string>();
        var tools = new (string Tool, Func<string, JsonObject> Input)[]
        {
            ("Write", p => new JsonObject { ["file_path"] = p, ["content"] = "x" }),
            ("Edit", p => new JsonObject { ["file_path"] = p, ["old_string"] = "a", ["new_string"] = "b" }),
            ("NotebookEdit", p => new JsonObject { ["notebook_path"] = p, ["new_source"] = "x" }),
        };
        var count = 0;
        foreach (var p in paths)
        {
            foreach (var (tool, input) in tools)
            {
                count++;
                var r = h.Hook(HookHarness.Payload(tool, input(p), root));
                if (!HookHarness.Denied(r))
                {
                    allowed.Add($"{tool} {p}");
                }
            }
        }

        // The same absolute paths with a cwd outside the repository, or none, or a number.
        var cwdAllowed = new List<string>();
        string?[] cwds = ["/tmp", "/", "", "/nonexistent/folder", "relative/dir", null];
        foreach (var cwd in cwds)
        {
            var r = h.Hook(HookHarness.Payload("Write", new JsonObject { ["file_path"] = Path.Combine(root, "docs/x.md"), ["content"] = "x" }, cwd), cwd: "/tmp");
            if (!HookHarness.Denied(r))
            {
                cwdAllowed.Add(cwd ?? "(none)");
            }
        }

        output.WriteLine($"hostile paths: {allowed.Count} of {count} allowed (target 0); through cwd: {cwdAllowed.Count} of {cwds.Length} allowed (target 0)");
        Assert.True(allowed.Count == 0, string.Join("\n", allowed.Take(40)));
        Assert.True(cwdAllowed.Count == 0, string.Join("\n", cwdAllowed));
    }

    /// <summary>Out-of-scope and protected targets, spelled every way a path can be spelled.</summary>
    private static IEnumerable<string> HostilePaths(string root)
    {
        var bases = Targets.Concat(["src/link/x.md", "src/abs/kos-outside.txt", "src/gitlink/config", "src/gitlink/hooks/pre-commit", "src/cafe\u0301/x.md",
            "src/link", "../outside.txt", "../../etc/kos-x", "src/../../outside.txt", ".GIT/config", ".Agent-OS/state/x", ".git/HOOKS/post-commit",
            "docs/caf\u00e9.md", "docs/cafe\u0301.md", ".agent-os/config.yaml", ".agent-os/state", ".codex/hooks.json", ".gemini/settings.json",
            ".cursor/hooks.json", ".claude/settings.local.json", ".git/info/exclude", "", ".", "src/..", "id_rsa", "deploy.pem",
            "docs", "docs/", "src2/x", "srcx", "Src/x", ".github/workflows/ci.yml", "node_modules/../docs/z", "tests/x.cs"]);
        Func<string, string>[] spellings =
        [
            p => p,
            p => Path.Combine(root, p),
            p => root + "/./" + p,
            p => root + "//" + p,
            p => root + "/src/../" + p,
            p => root + "/src/./../" + p,
            p => "./" + p,
            p => "src/../" + p,
            p => "src/link/../../" + p,
            p => p.Replace("/", "//", StringComparison.Ordinal),
            p => p + "/",
            p => p + "/.",
            p => p.ToUpperInvariant(),
            p => root.ToUpperInvariant() + "/" + p,
            p => root + "/" + p.Normalize(NormalizationForm.FormD),
            p => root + "/src/" + new string('x', 0) + "../" + p,
            p => "/proc/self/cwd/" + p,
            p => root + "/src/link/../" + p,
            p => root + "\\" + p,
            p => p + "\0.txt",
            p => " " + p,
            p => p + " ",
            p => Path.Combine(root, "src", "..", "src", "..", p),
        ];
        foreach (var b in bases)
        {
            foreach (var s in spellings)
            {
                var p = s(b);
                if (!InScope(root, p))
                {
                    yield return p;
                }
            }
        }
    }

    /// <summary>A spelling that really lands in <c>src/</c> as a plain file is not hostile (e.g. "src/link/.." is src/, "src/link " a new file).</summary>
    private static bool InScope(string root, string p)
    {
        if (p.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var full = p.StartsWith('/') ? p : root + "/" + p;
        var normal = Path.GetFullPath(full);
        if (!normal.StartsWith(root + "/src/", StringComparison.Ordinal))
        {
            return false;
        }

        var first = normal[(root.Length + "/src/".Length)..].Split('/')[0];
        return first is not ("link" or "abs" or "gitlink" or "cafe\u0301");
    }

    private static string Mutated(HookHarness h, Random random)
    {
        var root = h.Repo.Root;
        var target = Targets[random.Next(Targets.Length)];
        var abs = Path.Combine(root, target);
        var kind = random.Next(6);
        var (tool, pathKey, input) = kind switch
        {
            0 => ("Write", "file_path", new JsonObject { ["file_path"] = abs, ["content"] = "owned" }),
            1 => ("Edit", "file_path", new JsonObject { ["file_path"] = abs, ["old_string"] = "a", ["new_string"] = "b" }),
            2 => ("MultiEdit", "file_path", new JsonObject { ["file_path"] = abs, ["edits"] = new JsonArray(new JsonObject { ["old_string"] = "a", ["new_string"] = "b" }) }),
            3 => ("NotebookEdit", "notebook_path", new JsonObject { ["notebook_path"] = abs, ["new_source"] = "x" }),
            4 => ("Bash", "command", new JsonObject { ["command"] = $"echo owned > {target}", ["description"] = "write" }),
            _ => ("apply_patch", "command", new JsonObject { ["command"] = $"*** Begin Patch\n*** Add File: {target}\n+owned\n*** End Patch\n" }),
        };
        var o = JsonNode.Parse(HookHarness.Payload(tool, input, root))!.AsObject();
        var textMutations = new List<Func<string, string>>();
        var steps = 1 + random.Next(3);
        for (var s = 0; s < steps; s++)
        {
            var ti = o["tool_input"] as JsonObject;
            switch (random.Next(16))
            {
                case 0:
                    textMutations.Add(t => t.Contains("\"tool_name\":", StringComparison.Ordinal) ? "{\"tool_name\":\"Read\"," + t[1..] : t);
                    break;
                case 1:
                    textMutations.Add(t => t.Contains($"\"{pathKey}\":", StringComparison.Ordinal) ? t.Replace("\"tool_input\":{", $"\"tool_input\":{{\"{pathKey}\":\"{root}/src/ok.txt\",", StringComparison.Ordinal) : t);
                    break;
                case 2:
                    o["tool_input"] = o["tool_input"]?.ToJsonString();
                    break;
                case 3:
                    o["tool_input"] = new JsonArray(o["tool_input"]?.DeepClone());
                    break;
                case 4:
                    ti?.Remove(pathKey);
                    break;
                case 5:
                    if (ti is not null)
                    {
                        ti[pathKey] = random.Next(3) switch { 0 => new JsonArray(abs), 1 => 42, _ => new JsonObject { ["path"] = abs } };
                    }

                    break;
                case 6:
                    o["tool_name"] = ToolNames[random.Next(ToolNames.Length)];
                    break;
                case 7:
                    if (ti?[pathKey] is JsonValue v && v.TryGetValue(out string? pv))
                    {
                        ti[pathKey] = random.Next(5) switch
                        {
                            0 => pv.Replace(root, root + "/./", StringComparison.Ordinal),
                            1 => pv.Replace(root + "/", root + "//src/../", StringComparison.Ordinal),
                            2 => pv.Normalize(NormalizationForm.FormD) + "\u0301",
                            3 => pv.Replace("/docs", "/DOCS", StringComparison.Ordinal),
                            _ => pv + "/.",
                        };
                    }

                    break;
                case 8:
                    o["cwd"] = random.Next(6) switch { 0 => "/tmp", 1 => "/", 2 => "", 3 => "/nonexistent/x", 4 => "relative/dir", _ => 42 };
                    break;
                case 9:
                    switch (random.Next(3))
                    {
                        case 0: o.Remove("session_id"); break;
                        case 1: o["session_id"] = 7; break;
                        default: o["session_id"] = "other-session"; break;
                    }

                    break;
                case 10:
                    if (random.Next(2) == 0)
                    {
                        o.Remove("tool_name");
                    }
                    else
                    {
                        o["tool_name"] = 3;
                    }

                    break;
                case 11:
                    o["padding"] = new string('A', 100_000);
                    break;
                case 12:
                    if (ti?[pathKey] is JsonValue rv && rv.TryGetValue(out string? rp) && rp.StartsWith(root, StringComparison.Ordinal))
                    {
                        ti[pathKey] = rp[(root.Length + 1)..];
                    }

                    break;
                case 13:
                    textMutations.Add(t => t.Replace("docs/", "\\u0064ocs/", StringComparison.Ordinal).Replace(".git/", "\\u002egit/", StringComparison.Ordinal));
                    break;
                case 14:
                    o["tool_input"] = new JsonObject { ["tool_input"] = o["tool_input"]?.DeepClone() };
                    break;
                default:
                    o["hook_event_name"] = "PostToolUse";
                    break;
            }
        }

        var text = o.ToJsonString();
        foreach (var m in textMutations)
        {
            text = m(text);
        }

        return text;
    }
}
