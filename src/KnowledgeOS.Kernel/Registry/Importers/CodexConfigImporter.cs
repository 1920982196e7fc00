using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace KnowledgeOS.Registry.Importers;

/// <summary>
/// Codex CLI's MCP servers in <c>.codex/config.toml</c>: <c>[mcp_servers.NAME]</c> with command, args, env, url.
/// Read through Tomlyn's syntax tree (no reflection, and it keeps line numbers).
/// </summary>
internal static class CodexConfigImporter
{
    public const string File = ".codex/config.toml";

    public static void Import(string root, ImportResult result) => Read(root, result, null);

    /// <summary>One server's env values, for starting it (never stored).</summary>
    public static IReadOnlyDictionary<string, string> Env(string root, string name)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        Read(root, new ImportResult(), (server, key, value) =>
        {
            if (server == name)
            {
                env[key] = value;
            }
        });
        return env;
    }

    private static void Read(string root, ImportResult result, Action<string, string, string>? onEnv)
    {
        var path = Path.Combine(root, File);
        if (!System.IO.File.Exists(path))
        {
            return;
        }

        var doc = SyntaxParser.Parse(System.IO.File.ReadAllText(path), File, validate: true);
        if (doc.HasErrors)
        {
            var first = doc.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            result.Fail(File, first.Span.Start.Line + 1, $"not valid TOML: {first.Message}");
            return;
        }

        var servers = new Dictionary<string, (int Line, Dictionary<string, ValueSyntax> Values, Dictionary<string, string> Env)>(StringComparer.Ordinal);
        foreach (var table in doc.Tables)
        {
            var parts = Parts(table.Name);
            if (parts.Count < 2 || parts[0] != "mcp_servers" || table is not TableSyntax)
            {
                continue;
            }

            var name = parts[1];
            if (!servers.TryGetValue(name, out var server))
            {
                server = (table.Span.Start.Line + 1, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
                servers[name] = server;
            }

            foreach (var item in table.Items)
            {
                if (item is not KeyValueSyntax { Key: { } key, Value: { } value })
                {
                    continue;
                }

                var keyParts = Parts(key);
                if (parts.Count == 3 && parts[2] == "env" && keyParts.Count == 1)
                {
                    server.Env[keyParts[0]] = Text(value) ?? "";
                }
                else if (parts.Count == 2 && keyParts.Count == 1)
                {
                    server.Values[keyParts[0]] = value;
                    if (keyParts[0] == "env" && value is InlineTableSyntax inline)
                    {
                        foreach (var kv in inline.Items)
                        {
                            if (kv.KeyValue is { Key: { } ek, Value: { } ev })
                            {
                                server.Env[string.Join('.', Parts(ek))] = Text(ev) ?? "";
                            }
                        }
                    }
                }
            }
        }

        foreach (var (name, (line, values, env)) in servers)
        {
            foreach (var (k, v) in env)
            {
                onEnv?.Invoke(name, k, v);
            }

            var command = values.TryGetValue("command", out var c) ? Text(c) : null;
            var url = values.TryGetValue("url", out var u) ? Text(u) : null;
            if (command is null && url is null)
            {
                result.Problems.Add(new RegistryProblem(File, line, $"[mcp_servers.{name}] has neither command = \"…\" nor url = \"…\""));
                continue;
            }

            result.Entries.Add(new RegistryEntry
            {
                Kind = EntryKinds.Mcp,
                Name = name,
                Origin = EntryOrigins.Sync,
                Source = File,
                Line = line,
                Transport = command is not null ? "stdio" : "http",
                Command = command,
                Args = values.TryGetValue("args", out var a) && a is ArraySyntax array ? [.. array.Items.Select(i => Text(i.Value!) ?? "")] : [],
                Url = url,
                EnvKeys = [.. env.Keys.Order(StringComparer.Ordinal)],
                Tools = values.TryGetValue("enabled_tools", out var t) && t is ArraySyntax tools ? [.. tools.Items.Select(i => Text(i.Value!) ?? "")] : [],
            });
        }
    }

    private static List<string> Parts(KeySyntax? key)
    {
        var parts = new List<string>();
        if (key is null)
        {
            return parts;
        }

        parts.Add(Bare(key.Key));
        foreach (var dot in key.DotKeys)
        {
            parts.Add(Bare(dot.Key));
        }

        return parts;
    }

    private static string Bare(BareKeyOrStringValueSyntax? k) => k switch
    {
        BareKeySyntax b => b.Key?.Text ?? "",
        StringValueSyntax s => s.Value ?? "",
        _ => "",
    };

    private static string? Text(ValueSyntax v) => v switch
    {
        StringValueSyntax s => s.Value,
        BooleanValueSyntax b => b.Value ? "true" : "false",
        IntegerValueSyntax i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
