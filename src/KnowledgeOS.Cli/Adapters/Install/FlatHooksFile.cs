using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The <c>{"version":1,"hooks":{EVENT:[{KEY:command, …}]}}</c> shape of Cursor (<c>.cursor/hooks.json</c>, key
/// <c>command</c>) and GitHub Copilot (<c>.github/hooks/*.json</c>, key <c>bash</c>). Edits are made on the text
/// (<see cref="JsoncEdit"/>), so every byte kos does not own stays as it was; uninstall removes only kos's entries.
/// </summary>
internal sealed class FlatHooksFile(string agent, IReadOnlyList<HookSpec> specs, string commandKey, JsonObject? extraFields,
    Func<string, string> projectFile, Func<Func<string, string?>, string> userFile) : IHookTarget
{
    public string Agent => agent;

    /// <summary>The agent's own reason not to run these hooks (Copilot's folder trust), or none.</summary>
    public Func<string, string, Func<string, string?>, string?>? WillNotFireCheck { get; init; }

    public string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => WillNotFireCheck?.Invoke(root, scope, env);

    public string File(string root, string scope, Func<string, string?> env) => scope == "user" ? userFile(env) : projectFile(root);

    public InstallResult Install(string file, string kos, bool dryRun = false)
    {
        var loaded = HooksFileText.Load(file);
        var intended = (JsonObject)loaded.Root.DeepClone();
        var text = loaded.Text;
        var layout = loaded.Blank ? new JsoncEdit.Layout("\n", "  ") : JsoncEdit.Layout.Of(text!);
        if (intended["version"] is null)
        {
            intended["version"] = 1;
            text = loaded.Blank ? text : JsoncEdit.Set(text!, JsoncDocument.Parse(text!).Root, "version", 1, layout);
        }

        var entries = new List<string>();
        foreach (var spec in specs)
        {
            var command = HookCommandLine.For(kos, Agent, spec.Argument);
            entries.Add($"{spec.Event}: {command}");
            var fields = new JsonObject();
            foreach (var (k, v) in extraFields ?? [])
            {
                fields[k] = v?.DeepClone();
            }

            fields[commandKey] = command;
            InstallIntended(file, intended, spec.Event, fields);
            if (!loaded.Blank)
            {
                text = InstallText(text!, spec.Event, fields, layout);
            }
        }

        var after = loaded.Blank ? JsoncEdit.Render(intended, layout, "") + "\n" : text!;
        HooksFileText.Verify(file, after, intended);
        return HooksFileText.Save(Agent, file, loaded, after, entries, dryRun, TimeProvider.System);
    }

    public InstallResult Uninstall(string file, bool dryRun = false)
    {
        if (!System.IO.File.Exists(file))
        {
            return new InstallResult(Agent, file, false, null, [], "not installed (no file)");
        }

        var loaded = HooksFileText.Load(file);
        var intended = (JsonObject)loaded.Root.DeepClone();
        var removed = UninstallIntended(intended);
        if (removed.Count == 0)
        {
            return new InstallResult(Agent, file, false, null, [], "no kos hooks found");
        }

        var text = loaded.Text!;
        while (KosHandler(JsoncDocument.Parse(text).Root) is { } at)
        {
            text = RemoveText(text, at);
        }

        HooksFileText.Verify(file, text, intended);
        // kos created this file: removing its hooks leaves nothing of the user's (no member but "version", no comment), so the file goes too.
        var onlyKos = (intended.Count == 0 || (intended.Count == 1 && intended["version"] is not null)) && !text.Contains('/');
        return onlyKos
            ? HooksFileText.Save(Agent, file, loaded, null, removed, dryRun, TimeProvider.System, "the file held only kos hooks and was removed")
            : HooksFileText.Save(Agent, file, loaded, text, removed, dryRun, TimeProvider.System);
    }

    public IReadOnlyList<(string Event, string Command)> Installed(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        JsonObject root;
        try
        {
            root = HooksFileText.Load(file).Root;
        }
        catch (KosException)
        {
            return [];
        }

        return (root["hooks"] as JsonObject ?? []).Where(kv => kv.Value is JsonArray)
            .SelectMany(kv => ((JsonArray)kv.Value!).OfType<JsonObject>().Where(IsKos).Select(h => h[commandKey]?.GetValue<string>())
                .Where(c => HookTargets.IsKos(c, Agent)).Select(c => (kv.Key, c!)))
            .ToList();
    }

    public IReadOnlyList<(string Key, string Content, bool Json)> Owned(string file)
    {
        if (!HooksFileText.TryReadForSeal(file, f => HooksFileText.Load(f).Root, out var root, out var instead))
        {
            return instead;
        }

        var owned = new List<(string, string, bool)>();
        foreach (var (name, node) in root["hooks"] as JsonObject ?? [])
        {
            var n = 0;
            foreach (var handler in (node as JsonArray ?? []).OfType<JsonObject>().Where(IsKos))
            {
                owned.Add((++n == 1 ? name : $"{name}#{n}", handler.ToJsonString(), true));
            }
        }

        return owned;
    }

    private bool IsKos(JsonObject handler) =>
        handler[commandKey] is JsonValue v && v.TryGetValue(out string? command) && HookTargets.IsKos(command, Agent);

    private bool IsKos(JsoncValue handler) =>
        handler.Kind == '{' && handler.Member(commandKey)?.Value is { Kind: '"' } c && HookTargets.IsKos(c.String, Agent);

    private void InstallIntended(string file, JsonObject root, string name, JsonObject fields)
    {
        var hooks = root["hooks"] switch
        {
            null => (JsonObject)(root["hooks"] = new JsonObject()),
            JsonObject o => o,
            _ => throw KosException.Input($"{file}: \"hooks\" is not an object; kos did not change it. Fix it by hand."),
        };
        var list = hooks[name] switch
        {
            null => (JsonArray)(hooks[name] = new JsonArray()),
            JsonArray a => a,
            _ => throw KosException.Input($"{file}: hooks.{name} is not a list; kos did not change it. Fix it by hand."),
        };
        if (list.OfType<JsonObject>().FirstOrDefault(IsKos) is not { } handler)
        {
            list.Add((JsonNode)fields.DeepClone());
            return;
        }

        foreach (var (k, v) in fields)
        {
            handler[k] = v?.DeepClone();
        }
    }

    private string InstallText(string text, string name, JsonObject fields, JsoncEdit.Layout layout)
    {
        var root = JsoncDocument.Parse(text).Root;
        if (root.Member("hooks") is not { } hooks)
        {
            return JsoncEdit.Append(text, root, "hooks", new JsonObject { [name] = new JsonArray(fields.DeepClone()) }, layout);
        }

        if (hooks.Value.Member(name) is not { } list)
        {
            return JsoncEdit.Append(text, hooks.Value, name, new JsonArray(fields.DeepClone()), layout);
        }

        if (list.Value.Entries.All(e => !IsKos(e.Value)))
        {
            return JsoncEdit.Append(text, list.Value, null, fields.DeepClone(), layout);
        }

        foreach (var (k, v) in fields)
        {
            var handler = JsoncDocument.Parse(text).Root.Member("hooks")!.Value.Member(name)!.Value.Entries.First(e => IsKos(e.Value)).Value;
            text = JsoncEdit.Set(text, handler, k, v!.DeepClone(), layout);
        }

        return text;
    }

    private List<string> UninstallIntended(JsonObject root)
    {
        var removed = new List<string>();
        if (root["hooks"] is not JsonObject hooks)
        {
            return removed;
        }

        foreach (var (name, node) in hooks.ToList())
        {
            if (node is not JsonArray list)
            {
                continue;
            }

            var ours = list.OfType<JsonObject>().Where(IsKos).ToList();
            foreach (var h in ours)
            {
                removed.Add($"{name}: {h[commandKey]}");
                list.Remove(h);
            }

            // Only a list kos emptied goes; one the user left empty is theirs.
            if (list.Count == 0 && ours.Count > 0)
            {
                hooks.Remove(name);
            }
        }

        if (hooks.Count == 0 && removed.Count > 0)
        {
            root.Remove("hooks");
        }

        return removed;
    }

    private (JsoncValue Root, int Event, int Handler)? KosHandler(JsoncValue root)
    {
        if (root.Kind != '{' || root.Member("hooks")?.Value is not { Kind: '{' } hooks)
        {
            return null;
        }

        for (var e = 0; e < hooks.Entries.Count; e++)
        {
            var list = hooks.Entries[e].Value;
            for (var h = 0; list.Kind == '[' && h < list.Entries.Count; h++)
            {
                if (IsKos(list.Entries[h].Value))
                {
                    return (root, e, h);
                }
            }
        }

        return null;
    }

    private static string RemoveText(string text, (JsoncValue Root, int Event, int Handler) at)
    {
        var hooks = at.Root.Member("hooks")!.Value;
        var list = hooks.Entries[at.Event].Value;
        if (list.Entries.Count > 1)
        {
            return JsoncEdit.Remove(text, list, at.Handler);
        }

        return hooks.Entries.Count > 1
            ? JsoncEdit.Remove(text, hooks, at.Event)
            : JsoncEdit.Remove(text, at.Root, at.Root.Entries.FindIndex(m => m.Name == "hooks"));
    }
}
