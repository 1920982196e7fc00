using KnowledgeOS.Cli;
using ModelContextProtocol.Protocol;

namespace KnowledgeOS.Mcp;

/// <summary>
/// Runs a kos command in-process for an MCP tool call, so the tool and the CLI share one code path:
/// the same gates, the same JSON, and errors with the same messages (returned as isError results).
/// </summary>
internal sealed class KosToolRunner(CliContext template)
{
    private readonly HashSet<string> _commands = [.. KosCli.BuildRoot(template).Subcommands.Select(c => c.Name)];

    public CallToolResult Cli(params string?[] args) => CliAs("", args);

    /// <summary>Runs <c>kos ARGS --json</c> for an agent session ("" = the server's); null arguments are dropped (unset optional values).</summary>
    public CallToolResult CliAs(string session, params string?[] args) => Invoke(session, ExitCodes.Ok, args);

    /// <summary>For questions whose "no" is an answer, not a failure (check-route-write exits 4 on a denied path).</summary>
    public CallToolResult Ask(string session, int answerCode, params string?[] args) => Invoke(session, answerCode, args);

    private CallToolResult Invoke(string session, int answerCode, string?[] args)
    {
        var argv = args.Where(a => a is not null).Select(a => a!).Append("--json").ToArray();
        if (!_commands.Contains(argv[0]))
        {
            return Error($"kos: this kos build has no '{argv[0]}' command yet; update kos (the module that provides it is not installed).");
        }

        var o = new StringWriter();
        var e = new StringWriter();

        // Whose context this is was decided by the server's own process (environment, cgroup, ancestry)
        // before the tool's session argument is injected: a client cannot talk its way out of being an agent.
        _ = template.Agent;
        var ctx = template with
        {
            Out = o,
            Err = e,
            In = TextReader.Null,
            Env = session.Length == 0 ? template.Env : name => name == "KOS_SESSION" ? session : template.Env(name),
        };
        var code = KosCli.Run(argv, ctx);
        var stdout = o.ToString().Trim();
        var stderr = e.ToString().Trim();
        if (code == ExitCodes.Ok || code == answerCode)
        {
            // The result (JSON) first, diagnostics in a block of their own so the JSON stays parseable.
            var result = new CallToolResult { Content = [new TextContentBlock { Text = stdout.Length == 0 ? "ok" : stdout }] };
            if (stderr.Length > 0)
            {
                result.Content.Add(new TextContentBlock { Text = stderr });
            }

            return result;
        }

        // A --json failure is {"error":{"message":…}} on stdout: the agent reads the same line a person would (once:
        // a refusal that also explained itself on stderr is not repeated).
        if (stdout.StartsWith('{') && System.Text.Json.Nodes.JsonNode.Parse(stdout)?["error"]?["message"]?.GetValue<string>() is { } message)
        {
            stdout = stderr.Contains(message, StringComparison.Ordinal) ? "" : "kos: " + message;
        }

        return Error(string.Join('\n', new[] { stderr, stdout, $"(exit {code})" }.Where(s => s.Length > 0)));
    }

    public static CallToolResult Error(string message) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    /// <summary>Expands list arguments into repeated options: ("--step", ["a", "b"]) → --step a --step b.</summary>
    public static IEnumerable<string?> Repeat(string option, IEnumerable<string>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).SelectMany(v => new[] { option, v });

    public static string? Flag(bool value, string option) => value ? option : null;

    /// <summary>An option with its value, or nothing when the value is empty (tool parameters default to "").</summary>
    public static string?[] Opt(string option, string value) => string.IsNullOrWhiteSpace(value) ? [] : [option, value];
}
