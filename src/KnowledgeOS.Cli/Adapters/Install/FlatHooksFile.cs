using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The <c>{"version":1,"hooks":{EVENT:[{KEY:command, …}]}}</c> shape of Cursor (<c>.cursor/hooks.json</c>, key
/// <c>command</c>) and GitHub Copilot (<c>.github/hooks/*.json</c>, key <c>bash</c>). Edits go through JsonNode, so
/// every entry and member kos does not own survives; uninstall removes only kos's entries.
/// </summary>
internal sealed class FlatHooksFile(string agent, IReadOnlyList<HookSpec> specs, string commandKey, JsonObject? extraFields,
    Func<string, string> projectFile, Func<Func<string, string?>, string> userFile) : IHookTarget
{
    public string Agent => agent;

    /// <summary>The agent's own reason not to run these hooks (Copilot's folder trust), or none.</summary>
    public Func<string, string, Func<string, string?>, string?>? WillNotFireCheck { get; init; }

    public string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => WillNotFireCheck?.Invoke(root, scope, env);

    public string File(string root, string scope, Func<string, string?> env) => scope == "user" ? userFile(env) : projectFile(root);

    public InstallResult Install(string file, string kos)
    {
        var (root, before) = Load(file);
        root["version"] ??= 1;
        var hooks = root["hooks"] as JsonObject ?? new JsonObject();
        root["hooks"] = hooks;
        var entries = new List<string>();
        foreach (var spec in specs)
        {
            var command = HookCommandLine.For(kos, Agent, spec.Argument);
            entries.Add($"{spec.Event}: {command}");
            var list = hooks[spec.Event] as JsonArray ?? new JsonArray();
            hooks[spec.Event] = list;
            var handler = list.OfType<JsonObject>().FirstOrDefault(h => IsKos(h));
            if (handler is null)
            {
                handler = new JsonObject();
                list.Add((JsonNode)handler);
            }

            foreach (var (k, v) in extraFields ?? [])
            {
                handler[k] = v?.DeepClone();
            }

            handler[commandKey] = command;
        }

        return Save(file, before, root, entries);
    }

    public InstallResult Uninstall(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return new InstallResult(Agent, file, false, null, [], "not installed (no file)");
        }

        var (root, before) = Load(file);
        var removed = new List<string>();
        if (root["hooks"] is JsonObject hooks)
        {
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
        }

        if (removed.Count > 0 && (root.Count == 0 || (root.Count == 1 && root["version"] is not null && (root["hooks"] is null))))
        {
            // kos created this file: removing its hooks leaves nothing of the user's, so the file goes too.
            HookTargets.Backup(file, TimeProvider.System);
            System.IO.File.Delete(file);
            return new InstallResult(Agent, file, true, null, removed, "the file held only kos hooks and was removed");
        }

        return removed.Count == 0 ? new InstallResult(Agent, file, false, null, [], "no kos hooks found") : Save(file, before, root, removed);
    }

    public IReadOnlyList<(string Event, string Command)> Installed(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        var (root, _) = Load(file);
        return (root["hooks"] as JsonObject ?? []).Where(kv => kv.Value is JsonArray)
            .SelectMany(kv => ((JsonArray)kv.Value!).OfType<JsonObject>().Where(IsKos).Select(h => h[commandKey]?.GetValue<string>())
                .Where(c => HookTargets.IsKos(c, Agent)).Select(c => (kv.Key, c!)))
            .ToList();
    }

    private bool IsKos(JsonObject handler) =>
        handler[commandKey] is JsonValue v && v.TryGetValue(out string? command) && HookTargets.IsKos(command, Agent);

    private static (JsonObject, string?) Load(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return (new JsonObject(), null);
        }

        var text = System.IO.File.ReadAllText(file);
        try
        {
            return (string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? throw KosException.Input($"{file} is not a JSON object; kos did not change it."), text);
        }
        catch (JsonException e)
        {
            throw KosException.Input($"{file} is not valid JSON ({e.Message.Split('.')[0]}); kos did not change it. Fix the file, then run this again.");
        }
    }

    private InstallResult Save(string file, string? before, JsonObject root, List<string> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(writer);
        }

        var after = Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        if (before == after)
        {
            return new InstallResult(Agent, file, false, null, entries, "already up to date");
        }

        var backup = HookTargets.Backup(file, TimeProvider.System);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, after);
        return new InstallResult(Agent, file, true, backup, entries);
    }
}
