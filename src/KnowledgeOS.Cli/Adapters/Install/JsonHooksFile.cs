using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The <c>{"hooks":{EVENT:[{"matcher":…,"hooks":[{"type":"command","command":…}]}]}}</c> shape shared
/// by Claude Code, Codex and Gemini CLI. Edits go through JsonNode, so every member kos does not own
/// — the user's hooks, settings, unknown fields, their order — survives untouched; a file with
/// comments is not rewritten (the comments would be lost) and the lines to add are shown instead.
/// </summary>
internal sealed class JsonHooksFile(string agent, IReadOnlyList<HookSpec> specs, Func<string, JsonObject>? extraHandlerFields, Func<string, string, string> projectFile, Func<string, Func<string, string?>, string> userFile, TimeProvider clock) : IHookTarget
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, IndentSize = 2 };

    public string Agent => agent;

    /// <summary>The agent's own reason not to run these hooks (Qwen Code's folder trust), or none.</summary>
    public Func<string, string, Func<string, string?>, string?>? WillNotFireCheck { get; init; }

    public string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => WillNotFireCheck?.Invoke(root, scope, env);

    /// <summary>How to trust a project for this agent (Codex's project trust, Gemini's trusted folders), or none.</summary>
    public Func<string, Func<string, string?>, string?>? TrustAction { get; init; }

    public string? Trust(string root, Func<string, string?> env) => TrustAction?.Invoke(root, env);

    public string File(string root, string scope, Func<string, string?> env) =>
        scope == "user" ? userFile(root, env) : projectFile(root, scope);

    public InstallResult Install(string file, string kos)
    {
        var (root, text) = Load(file);
        var hooks = root["hooks"] as JsonObject ?? new JsonObject();
        root["hooks"] = hooks;
        var entries = new List<string>();
        foreach (var spec in specs)
        {
            var command = HookCommandLine.For(kos, agent, spec.Argument);
            entries.Add($"{spec.Event}: {command}");
            var groups = hooks[spec.Event] as JsonArray ?? new JsonArray();
            hooks[spec.Event] = groups;
            var existing = groups.OfType<JsonObject>().SelectMany(g => (g["hooks"] as JsonArray ?? []).OfType<JsonObject>())
                .FirstOrDefault(h => HookTargets.IsKos(h["command"]?.GetValue<string>(), agent));
            if (existing is not null)
            {
                // kos owns its handler: the command and the timeout that lets the wrapper answer first.
                existing["command"] = command;
                foreach (var (k, v) in extraHandlerFields?.Invoke(spec.Event) ?? [])
                {
                    existing[k] = v?.DeepClone();
                }

                continue;
            }

            var handler = new JsonObject { ["type"] = "command", ["command"] = command };
            foreach (var (k, v) in extraHandlerFields?.Invoke(spec.Event) ?? [])
            {
                handler[k] = v?.DeepClone();
            }

            var group = new JsonObject();
            if (spec.Matcher is not null)
            {
                group["matcher"] = spec.Matcher;
            }

            group["hooks"] = new JsonArray(handler);
            groups.Add((JsonNode)group);
        }

        return Save(file, text, root, entries);
    }

    public InstallResult Uninstall(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return new InstallResult(agent, file, false, null, [], "not installed (no file)");
        }

        var (root, text) = Load(file);
        var removed = new List<string>();
        if (root["hooks"] is JsonObject hooks)
        {
            foreach (var (name, node) in hooks.ToList())
            {
                if (node is not JsonArray groups)
                {
                    continue;
                }

                foreach (var group in groups.OfType<JsonObject>().ToList())
                {
                    if (group["hooks"] is not JsonArray handlers)
                    {
                        continue;
                    }

                    foreach (var h in handlers.OfType<JsonObject>().Where(h => HookTargets.IsKos(h["command"]?.GetValue<string>(), agent)).ToList())
                    {
                        removed.Add($"{name}: {h["command"]}");
                        handlers.Remove(h);
                    }

                    if (handlers.Count == 0 && removed.Count > 0)
                    {
                        groups.Remove(group);
                    }
                }

                if (groups.Count == 0 && removed.Count > 0)
                {
                    hooks.Remove(name);
                }
            }

            if (hooks.Count == 0 && removed.Count > 0)
            {
                root.Remove("hooks");
            }
        }

        if (removed.Count > 0 && (root.Count == 0))
        {
            // kos created this file: removing its hooks leaves nothing of the user's, so the file goes too.
            HookTargets.Backup(file, TimeProvider.System);
            System.IO.File.Delete(file);
            return new InstallResult(agent, file, true, null, removed, "the file held only kos hooks and was removed");
        }

        return removed.Count == 0 ? new InstallResult(agent, file, false, null, [], "no kos hooks found") : Save(file, text, root, removed);
    }

    public IReadOnlyList<(string Event, string Command)> Installed(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        var (root, _) = Load(file, forReading: true);
        return (root["hooks"] as JsonObject ?? []).Where(kv => kv.Value is JsonArray)
            .SelectMany(kv => ((JsonArray)kv.Value!).OfType<JsonObject>()
                .SelectMany(g => (g["hooks"] as JsonArray ?? []).OfType<JsonObject>())
                .Select(h => h["command"]?.GetValue<string>())
                .Where(c => HookTargets.IsKos(c, agent))
                .Select(c => (kv.Key, c!)))
            .ToList();
    }

    private static (JsonObject Root, string? Text) Load(string file, bool forReading = false)
    {
        if (!System.IO.File.Exists(file))
        {
            return (new JsonObject(), null);
        }

        var text = System.IO.File.ReadAllText(file);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new JsonObject(), text);
        }

        try
        {
            return (JsonNode.Parse(text) as JsonObject ?? throw KosException.Input($"{file} is JSON but not an object; kos will not rewrite it. Fix it by hand."), text);
        }
        catch (JsonException) when (forReading || HasComments(text))
        {
            if (forReading)
            {
                return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? [], text);
            }

            throw KosException.Input($"{file} has comments, which rewriting it would lose; kos did not change it. Add kos's hooks by hand ('kos hooks install --print' shows them), or remove the comments and run this again.");
        }
        catch (JsonException e)
        {
            throw KosException.Input($"{file} is not valid JSON ({e.Message.Split('.')[0]}); kos did not change it. Fix the file, then run this again.");
        }
    }

    private static bool HasComments(string text)
    {
        try
        {
            JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private InstallResult Save(string file, string? before, JsonObject root, List<string> entries)
    {
        var after = Render(root);
        if (before is not null && before == after)
        {
            return new InstallResult(agent, file, false, null, entries, "already up to date");
        }

        var backup = HookTargets.Backup(file, clock);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".kos-tmp";
        System.IO.File.WriteAllText(temp, after);
        System.IO.File.Move(temp, file, overwrite: true);
        return new InstallResult(agent, file, true, backup, entries);
    }

    private static string Render(JsonObject root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
