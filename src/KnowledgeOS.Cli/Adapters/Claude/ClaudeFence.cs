using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Fence;

namespace KnowledgeOS.Cli.Adapters.Claude;

/// <summary>
/// Writes a <see cref="FencePlan"/> as Claude Code's sandbox settings in the work tree's
/// <c>.claude/settings.local.json</c> (per work tree, so each <c>kos bind</c> worktree has its own
/// fence; not committed). Only kos's own entries change: the user's <c>denyWrite</c>/<c>allowWrite</c>
/// lines and every other key stay; what kos wrote last time is remembered in the state folder.
/// </summary>
internal static class ClaudeFence
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, IndentSize = 2 };

    public static string SettingsPath(string workTree) => Path.Combine(workTree, ".claude", "settings.local.json");

    /// <summary>Applies the plan, and keeps <paramref name="denyRead"/> (the team store's secrets) unreadable; returns whether the file changed.</summary>
    public static bool Apply(FencePlan plan, FenceState state, IReadOnlyList<string> denyRead)
    {
        var file = SettingsPath(plan.WorkTree);
        var root = Load(file);
        var sandbox = root["sandbox"] as JsonObject ?? [];
        root["sandbox"] = sandbox;
        Set(sandbox, "enabled", true, state);
        Set(sandbox, "autoAllowBashIfSandboxed", true, state);
        Set(sandbox, "allowUnsandboxedCommands", false, state);
        Set(sandbox, "failIfUnavailable", plan.Strict, state);
        var fs = sandbox["filesystem"] as JsonObject ?? [];
        sandbox["filesystem"] = fs;
        state.DenyWrite = Merge(fs, "denyWrite", state.DenyWrite, plan.DenyWrite.Select(Absolute));
        state.AllowWrite = Merge(fs, "allowWrite", state.AllowWrite, plan.AllowWrite.Select(Absolute));
        state.DenyRead = Merge(fs, "denyRead", state.DenyRead, denyRead.Select(Absolute));
        KeepShieldedFolders(plan.WorkTree);
        return Save(file, root);
    }

    /// <summary>
    /// Claude Code's sandbox always shields these folders of the work tree from writes. When one is missing, each
    /// sandboxed command mounts over it a placeholder (an empty file bwrap makes on the host) and removes it afterwards.
    /// Two sessions sharing one work tree then race on it: a shell call fails ("bwrap: Can't find source path
    /// …/.claude/skills"), and the other session's change check sees the placeholder come and go. Empty folders (git
    /// keeps no trace of them) end the race.
    /// </summary>
    private static readonly string[] ShieldedFolders = ["skills", "hooks", "workflows", "routines"];

    private static void KeepShieldedFolders(string workTree)
    {
        foreach (var name in ShieldedFolders)
        {
            var folder = Path.Combine(workTree, ".claude", name);
            try
            {
                if (!Path.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                }
            }
            catch (IOException)
            {
                // Whatever is there (a dangling link, a file) is the user's: left alone.
            }
        }
    }

    /// <summary>Removes kos's entries and restores the keys kos set to what they were.</summary>
    public static bool Remove(string workTree, FenceState state)
    {
        var file = SettingsPath(workTree);
        if (!File.Exists(file))
        {
            return false;
        }

        var root = Load(file);
        if (root["sandbox"] is JsonObject sandbox)
        {
            if (sandbox["filesystem"] is JsonObject fs)
            {
                Merge(fs, "denyWrite", state.DenyWrite, []);
                Merge(fs, "allowWrite", state.AllowWrite, []);
                Merge(fs, "denyRead", state.DenyRead, []);
                if (fs.Count == 0)
                {
                    sandbox.Remove("filesystem");
                }
            }

            foreach (var (key, before) in state.Keys)
            {
                if (before is null)
                {
                    sandbox.Remove(key);
                }
                else
                {
                    sandbox[key] = JsonNode.Parse(before);
                }
            }

            if (sandbox.Count == 0)
            {
                root.Remove("sandbox");
            }
        }

        return Save(file, root);
    }

    /// <summary>
    /// kos's fence entries in the work tree's settings, for the governance record: the sandbox keys kos sets, which of
    /// kos's denyWrite/allowWrite/denyRead lines are there, and <c>disableAllHooks</c> (which would silence the hooks).
    /// The user's own lines are not part of it.
    /// </summary>
    public static IReadOnlyList<(string Key, string Content, bool Json)> Owned(string workTree, FenceState? state)
    {
        var file = SettingsPath(workTree);
        if (!File.Exists(file))
        {
            return [];
        }

        JsonObject root;
        try
        {
            root = Load(file);
        }
        catch (KosException e)
        {
            return [("file", "unreadable: " + e.Message, false)];
        }

        var owned = new List<(string, string, bool)>();
        if (root.ContainsKey("disableAllHooks"))
        {
            owned.Add(("disableAllHooks", root["disableAllHooks"]?.ToJsonString() ?? "null", true));
        }

        if (state is null)
        {
            return owned;
        }

        var sandbox = root["sandbox"] as JsonObject ?? [];
        var fs = sandbox["filesystem"] as JsonObject ?? [];
        var entry = new JsonObject();
        foreach (var key in state.Keys.Keys.Order(StringComparer.Ordinal))
        {
            entry[key] = sandbox[key]?.DeepClone();
        }

        foreach (var (key, ours) in new[] { ("denyWrite", state.DenyWrite), ("allowWrite", state.AllowWrite), ("denyRead", state.DenyRead) })
        {
            var present = (fs[key] as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
            entry[key] = new JsonArray([.. ours.Where(present.Contains).Order(StringComparer.Ordinal).Select(x => (JsonNode?)x)]);
        }

        owned.Add(("sandbox", entry.ToJsonString(), true));
        return owned;
    }

    /// <summary>Claude Code reads <c>//path</c> as an absolute path.</summary>
    private static string Absolute(string path) => "/" + path.Replace('\\', '/');

    private static void Set(JsonObject sandbox, string key, bool value, FenceState state)
    {
        if (!state.Keys.ContainsKey(key))
        {
            state.Keys[key] = sandbox[key]?.ToJsonString();
        }

        sandbox[key] = value;
    }

    private static List<string> Merge(JsonObject fs, string key, IReadOnlyList<string> previouslyOurs, IEnumerable<string> ours)
    {
        var current = (fs[key] as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToList() ?? [];
        var users = current.Where(c => !previouslyOurs.Contains(c)).ToList();
        var wanted = ours.Distinct().ToList();
        var merged = users.Concat(wanted.Where(w => !users.Contains(w))).ToList();
        if (merged.Count == 0)
        {
            fs.Remove(key);
        }
        else
        {
            fs[key] = new JsonArray([.. merged.Select(m => (JsonNode?)JsonValue.Create(m))]);
        }

        return wanted;
    }

    private static JsonObject Load(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var text = File.ReadAllText(file);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw KosException.Input($"{file} is JSON but not an object; kos will not rewrite it. Fix it by hand.");
        }
        catch (JsonException e)
        {
            throw KosException.Input($"{file} is not valid JSON ({e.Message.Split('.')[0]}); kos will not rewrite it, so the fence is not updated. Fix the file by hand.");
        }
    }

    private static bool Save(string file, JsonObject root)
    {
        var after = root.ToJsonString(Pretty) + "\n";
        if (File.Exists(file) && File.ReadAllText(file) == after)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, after);
        File.Move(temp, file, overwrite: true);
        return true;
    }
}
