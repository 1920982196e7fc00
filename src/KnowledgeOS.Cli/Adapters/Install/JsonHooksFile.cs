using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The <c>{"hooks":{EVENT:[{"matcher":…,"hooks":[{"type":"command","command":…}]}]}}</c> shape shared
/// by Claude Code, Codex, Gemini CLI and Qwen Code. Edits are made on the text (<see cref="JsoncEdit"/>): every byte
/// kos does not own — the user's hooks, settings, comments, trailing commas, indentation, line endings — stays as it
/// was, and uninstall gives back the file as it was before install. The result must parse back to the structure kos
/// computed on JsonNode, or nothing is written.
/// </summary>
internal sealed class JsonHooksFile(string agent, IReadOnlyList<HookSpec> specs, Func<string, JsonObject>? extraHandlerFields, Func<string, string, string> projectFile, Func<string, Func<string, string?>, string> userFile, TimeProvider clock) : IHookTarget
{
    public string Agent => agent;

    /// <summary>The agent's own reason not to run these hooks (Qwen Code's folder trust), or none.</summary>
    public Func<string, string, Func<string, string?>, string?>? WillNotFireCheck { get; init; }

    public string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => WillNotFireCheck?.Invoke(root, scope, env);

    /// <summary>How to trust a project for this agent (Codex's project trust, Gemini's trusted folders), or none.</summary>
    public Func<string, Func<string, string?>, string?>? TrustAction { get; init; }

    public string? Trust(string root, Func<string, string?> env) => TrustAction?.Invoke(root, env);

    public string File(string root, string scope, Func<string, string?> env) =>
        scope == "user" ? userFile(root, env) : projectFile(root, scope);

    public InstallResult Install(string file, string kos, bool dryRun = false)
    {
        var loaded = HooksFileText.Load(file);
        var intended = (JsonObject)loaded.Root.DeepClone();
        var text = loaded.Text;
        var layout = loaded.Blank ? new JsoncEdit.Layout("\n", "  ") : JsoncEdit.Layout.Of(text!);
        var entries = new List<string>();
        foreach (var spec in specs)
        {
            var command = HookCommandLine.For(kos, agent, spec.Argument);
            entries.Add($"{spec.Event}: {command}");
            var fields = new JsonObject { ["command"] = command };
            foreach (var (k, v) in extraHandlerFields?.Invoke(spec.Event) ?? [])
            {
                fields[k] = v?.DeepClone();
            }

            InstallIntended(file, intended, spec, fields);
            if (!loaded.Blank)
            {
                text = InstallText(text!, spec, fields, layout);
            }
        }

        var after = loaded.Blank ? JsoncEdit.Render(intended, layout, "") + "\n" : text!;
        HooksFileText.Verify(file, after, intended);
        return HooksFileText.Save(agent, file, loaded, after, entries, dryRun, clock);
    }

    public InstallResult Uninstall(string file, bool dryRun = false)
    {
        if (!System.IO.File.Exists(file))
        {
            return new InstallResult(agent, file, false, null, [], "not installed (no file)");
        }

        var loaded = HooksFileText.Load(file);
        if (loaded.Blank)
        {
            return new InstallResult(agent, file, false, null, [], "no kos hooks found");
        }

        var intended = (JsonObject)loaded.Root.DeepClone();
        var removed = UninstallIntended(intended);
        if (removed.Count == 0)
        {
            return new InstallResult(agent, file, false, null, [], "no kos hooks found");
        }

        var text = loaded.Text!;
        while (KosHandler(JsoncDocument.Parse(text).Root) is { } at)
        {
            text = RemoveText(text, at);
        }

        HooksFileText.Verify(file, text, intended);
        // kos created this file: removing its hooks leaves nothing of the user's, so the file goes too.
        return intended.Count == 0 && HooksFileText.OnlyEmptyObject(text)
            ? HooksFileText.Save(agent, file, loaded, null, removed, dryRun, clock, "the file held only kos hooks and was removed")
            : HooksFileText.Save(agent, file, loaded, text, removed, dryRun, clock);
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
            .SelectMany(kv => ((JsonArray)kv.Value!).OfType<JsonObject>()
                .SelectMany(g => (g["hooks"] as JsonArray ?? []).OfType<JsonObject>())
                .Select(Command)
                .Where(c => HookTargets.IsKos(c, agent))
                .Select(c => (kv.Key, c!)))
            .ToList();
    }

    /// <summary>Top-level settings that switch every hook of the agent off (Claude Code's <c>disableAllHooks</c>): sealed with kos's entries when present.</summary>
    public IReadOnlyList<string> GuardKeys { get; init; } = [];

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
            foreach (var group in (node as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var handler in (group["hooks"] as JsonArray ?? []).OfType<JsonObject>().Where(h => HookTargets.IsKos(Command(h), agent)))
                {
                    // kos's handler and the matcher that decides which calls reach it.
                    var entry = new JsonObject { ["matcher"] = group["matcher"]?.DeepClone(), ["handler"] = handler.DeepClone() };
                    owned.Add((++n == 1 ? name : $"{name}#{n}", entry.ToJsonString(), true));
                }
            }
        }

        owned.AddRange(GuardKeys.Where(root.ContainsKey).Select(k => (k, root[k]?.ToJsonString() ?? "null", true)));
        return owned;
    }

    private static string? Command(JsonObject handler) => handler["command"] is JsonValue v && v.TryGetValue(out string? c) ? c : null;

    private static JsonObject Group(HookSpec spec, JsonObject fields)
    {
        var handler = new JsonObject { ["type"] = "command" };
        foreach (var (k, v) in fields)
        {
            handler[k] = v?.DeepClone();
        }

        var group = new JsonObject();
        if (spec.Matcher is not null)
        {
            group["matcher"] = spec.Matcher;
        }

        group["hooks"] = new JsonArray(handler);
        return group;
    }

    /// <summary>The structure install means to reach: kos's handler updated in place, or a new group at the end of the event.</summary>
    private void InstallIntended(string file, JsonObject root, HookSpec spec, JsonObject fields)
    {
        var hooks = root["hooks"] switch
        {
            null => (JsonObject)(root["hooks"] = new JsonObject()),
            JsonObject o => o,
            _ => throw KosException.Input($"{file}: \"hooks\" is not an object; kos did not change it. Fix it by hand."),
        };
        var groups = hooks[spec.Event] switch
        {
            null => (JsonArray)(hooks[spec.Event] = new JsonArray()),
            JsonArray a => a,
            _ => throw KosException.Input($"{file}: hooks.{spec.Event} is not a list; kos did not change it. Fix it by hand."),
        };
        var existing = groups.OfType<JsonObject>().SelectMany(g => (g["hooks"] as JsonArray ?? []).OfType<JsonObject>())
            .FirstOrDefault(h => HookTargets.IsKos(Command(h), agent));
        if (existing is null)
        {
            groups.Add((JsonNode)Group(spec, fields));
            return;
        }

        // kos owns its handler: the command and the timeout that lets the wrapper answer first.
        foreach (var (k, v) in fields)
        {
            existing[k] = v?.DeepClone();
        }
    }

    /// <summary>The same install on the text: only kos's new or changed text is touched.</summary>
    private string InstallText(string text, HookSpec spec, JsonObject fields, JsoncEdit.Layout layout)
    {
        var root = JsoncDocument.Parse(text).Root;
        if (root.Member("hooks") is not { } hooks)
        {
            return JsoncEdit.Append(text, root, "hooks", new JsonObject { [spec.Event] = new JsonArray(Group(spec, fields)) }, layout);
        }

        if (hooks.Value.Member(spec.Event) is not { } groups)
        {
            return JsoncEdit.Append(text, hooks.Value, spec.Event, new JsonArray(Group(spec, fields)), layout);
        }

        if (KosHandlerIn(groups.Value) is null)
        {
            return JsoncEdit.Append(text, groups.Value, null, Group(spec, fields), layout);
        }

        foreach (var (k, v) in fields)
        {
            var handler = KosHandlerIn(JsoncDocument.Parse(text).Root.Member("hooks")!.Value.Member(spec.Event)!.Value)!;
            text = JsoncEdit.Set(text, handler, k, v!.DeepClone(), layout);
        }

        return text;
    }

    private JsoncValue? KosHandlerIn(JsoncValue groups) =>
        groups.Kind != '[' ? null : groups.Entries.Select(g => g.Value).Where(g => g.Kind == '{')
            .Select(g => g.Member("hooks")?.Value).Where(h => h?.Kind == '[')
            .SelectMany(h => h!.Entries.Select(e => e.Value))
            .FirstOrDefault(IsKosHandler);

    private bool IsKosHandler(JsoncValue handler) =>
        handler.Kind == '{' && handler.Member("command")?.Value is { Kind: '"' } c && HookTargets.IsKos(c.String, agent);

    /// <summary>What uninstall means to reach: kos's handlers gone, and a group, event list or hooks object kos's removal emptied.</summary>
    private List<string> UninstallIntended(JsonObject root)
    {
        var removed = new List<string>();
        if (root["hooks"] is not JsonObject hooks)
        {
            return removed;
        }

        foreach (var (name, node) in hooks.ToList())
        {
            if (node is not JsonArray groups)
            {
                continue;
            }

            var before = removed.Count;
            foreach (var group in groups.OfType<JsonObject>().ToList())
            {
                if (group["hooks"] is not JsonArray handlers)
                {
                    continue;
                }

                var ours = handlers.OfType<JsonObject>().Where(h => HookTargets.IsKos(Command(h), agent)).ToList();
                foreach (var h in ours)
                {
                    removed.Add($"{name}: {Command(h)}");
                    handlers.Remove(h);
                }

                if (handlers.Count == 0 && ours.Count > 0)
                {
                    groups.Remove(group);
                }
            }

            if (groups.Count == 0 && removed.Count > before)
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

    /// <summary>Where kos's first handler is: the hooks object, the event's index, the group's, the handler's.</summary>
    private (JsoncValue Root, int Event, int Group, int Handler)? KosHandler(JsoncValue root)
    {
        if (root.Kind != '{' || root.Member("hooks")?.Value is not { Kind: '{' } hooks)
        {
            return null;
        }

        for (var e = 0; e < hooks.Entries.Count; e++)
        {
            var groups = hooks.Entries[e].Value;
            for (var g = 0; groups.Kind == '[' && g < groups.Entries.Count; g++)
            {
                if (groups.Entries[g].Value is not { Kind: '{' } group || group.Member("hooks")?.Value is not { Kind: '[' } handlers)
                {
                    continue;
                }

                for (var h = 0; h < handlers.Entries.Count; h++)
                {
                    if (IsKosHandler(handlers.Entries[h].Value))
                    {
                        return (root, e, g, h);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Removes one kos handler, or the smallest container its removal would leave empty.</summary>
    private static string RemoveText(string text, (JsoncValue Root, int Event, int Group, int Handler) at)
    {
        var rootValue = at.Root;
        var hooks = rootValue.Member("hooks")!.Value;
        var groups = hooks.Entries[at.Event].Value;
        var handlers = groups.Entries[at.Group].Value.Member("hooks")!.Value;
        if (handlers.Entries.Count > 1)
        {
            return JsoncEdit.Remove(text, handlers, at.Handler);
        }

        if (groups.Entries.Count > 1)
        {
            return JsoncEdit.Remove(text, groups, at.Group);
        }

        return hooks.Entries.Count > 1
            ? JsoncEdit.Remove(text, hooks, at.Event)
            : JsoncEdit.Remove(text, rootValue, rootValue.Entries.FindIndex(m => m.Name == "hooks"));
    }
}
