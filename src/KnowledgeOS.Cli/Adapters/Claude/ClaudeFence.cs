using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;
using KnowledgeOS.Fence;

namespace KnowledgeOS.Cli.Adapters.Claude;

/// <summary>
/// Writes a <see cref="FencePlan"/> as Claude Code's sandbox settings in the work tree's
/// <c>.claude/settings.local.json</c> (per work tree, so each <c>kos bind</c> worktree has its own
/// fence; not committed). Only kos's own entries change, as text edits (<see cref="JsoncEditor"/>): the user's
/// comments, layout, <c>denyWrite</c>/<c>allowWrite</c> lines and every other key stay byte for byte; what kos wrote
/// (and created) last time is remembered in the state folder, so removing the fence gives back the user's file.
/// </summary>
internal static class ClaudeFence
{
    private static readonly string[] Sandbox = ["sandbox"];
    private static readonly string[] FileSystem = ["sandbox", "filesystem"];

    public static string SettingsPath(string workTree) => Path.Combine(workTree, ".claude", "settings.local.json");

    /// <summary>Applies the plan, and keeps <paramref name="denyRead"/> (the team store's secrets) unreadable; returns whether the file changed.</summary>
    public static bool Apply(FencePlan plan, FenceState state, IReadOnlyList<string> denyRead)
    {
        var file = SettingsPath(plan.WorkTree);
        var ed = Open(file);
        if (!ed.Existed && !File.Exists(file))
        {
            state.Created?.Add("file");
        }

        Ensure(ed, [], "sandbox", state);
        Set(ed, "enabled", true, state);
        Set(ed, "autoAllowBashIfSandboxed", true, state);
        Set(ed, "allowUnsandboxedCommands", false, state);
        Set(ed, "failIfUnavailable", plan.Strict, state);
        Ensure(ed, Sandbox, "filesystem", state);
        state.DenyWrite = Merge(ed, "denyWrite", state.DenyWrite, plan.DenyWrite.Select(Absolute), state);
        state.AllowWrite = Merge(ed, "allowWrite", state.AllowWrite, plan.AllowWrite.Select(Absolute), state);
        state.DenyRead = Merge(ed, "denyRead", state.DenyRead, denyRead.Select(Absolute), state);
        DropIfEmpty(ed, Sandbox, "filesystem", state);
        KeepShieldedFolders(plan.WorkTree);
        return ed.Save();
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

    /// <summary>Removes kos's entries, restores the keys kos set to what they were, and drops what kos created once it is empty.</summary>
    public static bool Remove(string workTree, FenceState state)
    {
        var file = SettingsPath(workTree);
        if (!File.Exists(file))
        {
            return false;
        }

        var ed = Open(file);
        if (ed.Node(Sandbox) is JsonObject)
        {
            if (ed.Node(FileSystem) is JsonObject)
            {
                Merge(ed, "denyWrite", state.DenyWrite, [], state);
                Merge(ed, "allowWrite", state.AllowWrite, [], state);
                Merge(ed, "denyRead", state.DenyRead, [], state);
                DropIfEmpty(ed, Sandbox, "filesystem", state);
            }

            foreach (var (key, before) in state.Keys)
            {
                if (before is null)
                {
                    ed.RemoveMember(Sandbox, key);
                }
                else
                {
                    ed.Set(Sandbox, key, JsonNode.Parse(before)!);
                }
            }

            DropIfEmpty(ed, [], "sandbox", state);
        }

        return ed.Save(deleteIfEmpty: state.Created?.Contains("file") == true);
    }

    /// <summary>
    /// kos's fence entries in the work tree's settings, for the governance record: the sandbox keys kos sets, which of
    /// kos's denyWrite/allowWrite/denyRead lines are there, and <c>disableAllHooks</c> (which would silence the hooks).
    /// The user's own lines are not part of it.
    /// </summary>
    public static IReadOnlyList<(string Key, string Content, bool Json)> Owned(string workTree, FenceState? state)
    {
        var file = SettingsPath(workTree);
        if (!HooksFileText.TryReadForSeal(file, f => Open(f).Root, out var root, out var instead))
        {
            return instead;
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

    private static JsoncEditor Open(string file)
    {
        var ed = JsoncEditor.Open(file);
        foreach (var (path, what) in new[] { (Sandbox, "sandbox"), (FileSystem, "sandbox.filesystem") })
        {
            if (ed.Node(path) is { } n and not JsonObject)
            {
                throw KosException.Input($"{file}: {what} is not an object; kos will not rewrite it, so the fence is not updated. Fix the file by hand.");
            }
        }

        return ed;
    }

    private static string Key(string[] path, string name) => string.Join('/', [.. path, name]);

    /// <summary>Adds an empty object member when it is missing, remembering that kos created it.</summary>
    private static void Ensure(JsoncEditor ed, string[] path, string name, FenceState state)
    {
        if (ed.Node([.. path, name]) is null)
        {
            ed.Set(path, name, new JsonObject());
            state.Created?.Add(Key(path, name));
        }
    }

    /// <summary>Removes an empty member kos created (any empty one, for a state that never said).</summary>
    private static void DropIfEmpty(JsoncEditor ed, string[] path, string name, FenceState state)
    {
        var empty = ed.Node([.. path, name]) switch
        {
            JsonObject o => o.Count == 0,
            JsonArray a => a.Count == 0,
            _ => false,
        };
        if (empty && (state.Created is null || state.Created.Contains(Key(path, name))))
        {
            ed.RemoveMember(path, name);
            state.Created?.Remove(Key(path, name));
        }
    }

    private static void Set(JsoncEditor ed, string key, bool value, FenceState state)
    {
        if (!state.Keys.ContainsKey(key))
        {
            state.Keys[key] = ed.Node([.. Sandbox, key])?.ToJsonString();
        }

        ed.Set(Sandbox, key, value);
    }

    /// <summary>
    /// Makes kos's items of one list exactly <paramref name="ours"/>: its stale items go, missing ones are added at
    /// the end, the user's stay where they are. Returns the items kos owns now; an item the user had already
    /// is never counted as kos's, so removing the fence does not take it.
    /// </summary>
    private static List<string> Merge(JsoncEditor ed, string key, IReadOnlyList<string> previouslyOurs, IEnumerable<string> ours, FenceState state)
    {
        string[] path = [.. FileSystem, key];
        var wanted = ours.Distinct().ToList();
        if (ed.Node(path) is not JsonArray && wanted.Count == 0)
        {
            return [];
        }

        if (ed.Node(path) is null)
        {
            ed.Set(FileSystem, key, new JsonArray());
            state.Created?.Add(Key(FileSystem, key));
        }
        else if (ed.Node(path) is not JsonArray)
        {
            throw KosException.Input($".claude/settings.local.json: sandbox.filesystem.{key} is not a list; kos will not rewrite it, so the fence is not updated. Fix the file by hand.");
        }

        var owned = new List<string>();
        var items = (JsonArray)ed.Node(path)!;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var item = items[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (item is null || !previouslyOurs.Contains(item))
            {
                continue;
            }

            if (wanted.Contains(item) && !owned.Contains(item))
            {
                owned.Add(item);
            }
            else
            {
                ed.RemoveItem(path, i);
            }
        }

        var present = ((JsonArray)ed.Node(path)!).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToHashSet();
        foreach (var w in wanted.Where(w => !present.Contains(w)))
        {
            ed.AppendItem(path, JsonValue.Create(w));
            owned.Add(w);
        }

        DropIfEmpty(ed, FileSystem, key, state);
        return [.. wanted.Where(owned.Contains)];
    }
}
