using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Registry;
using KnowledgeOS.Registry.Catalog;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOS.Mcp;

/// <summary>
/// Reads a specialist-agent catalog an orchestrator exposes over MCP, the way the kernel's
/// <see cref="CatalogProtocol"/> says: a list tool, or the runtime context's agents, then the describer
/// (one name at a time, or in batches when it takes a list). A server whose runtime context names its
/// runtime (Maestro) is read once per runtime, started with <see cref="Specialists.RuntimeVariable"/> set,
/// so each specialist's dispatch name and tools are known for every runtime.
/// </summary>
internal static class CatalogReader
{
    /// <param name="note">Told about each runtime the server does not serve (Maestro's Claude plugin build serves only claude).</param>
    public static async Task<IReadOnlyList<CatalogAgent>> ReadAsync(RegistryEntry server, string root, TimeSpan timeout, Action<string> note, CancellationToken ct)
    {
        var first = await ReadOneAsync(server, root, null, null, timeout, ct).ConfigureAwait(false);
        if (first.Context?.Runtime is not { } runtime)
        {
            return first.Agents;
        }

        // The same names asked of every runtime: get_agent answers each under the name it was asked by.
        var names = first.Agents.Select(a => a.Name).ToList();
        var others = Specialists.Runtimes.Where(r => r != runtime).ToList();
        var readings = others.Select(r => TryReadAsync(server, root, r, names, timeout, ct)).ToArray();
        var views = new List<(string Runtime, Reading Reading)> { (runtime, first) };
        foreach (var (r, (reading, error)) in others.Zip(await Task.WhenAll(readings).ConfigureAwait(false)))
        {
            if (reading is not null)
            {
                views.Add((r, reading));
            }
            else
            {
                note($"{server.Key} does not serve the {r} runtime ({Specialists.RuntimeVariable}={r}): {error}");
            }
        }

        return first.Agents.Select(a => a with
        {
            Runtimes = views.Select(v => v.Reading.Runtime(a.Name) is { } one ? one with { Runtime = v.Runtime } : null).OfType<CatalogRuntime>().ToList(),
        }).ToList();
    }

    private static async Task<(Reading? Reading, string? Error)> TryReadAsync(RegistryEntry server, string root, string runtime, IReadOnlyList<string> names, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return (await ReadOneAsync(server, root, runtime, names, timeout, ct).ConfigureAwait(false), null);
        }
        catch (KosException e)
        {
            var lines = e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return (null, lines.FirstOrDefault(l => l.StartsWith("Error:", StringComparison.Ordinal)) ?? lines[0]);
        }
    }

    /// <summary>One server process's catalog; <paramref name="runtime"/> set starts it for that runtime and asks for <paramref name="names"/>.</summary>
    private static async Task<Reading> ReadOneAsync(RegistryEntry server, string root, string? runtime, IReadOnlyList<string>? names, TimeSpan timeout, CancellationToken ct)
    {
        var connection = new ServerConnection();
        await using (connection.ConfigureAwait(false))
        {
            McpClient client;
            var overrides = runtime is null ? null : new Dictionary<string, string> { [Specialists.RuntimeVariable] = runtime };
            try
            {
                client = await connection.ConnectAsync(server, root, timeout, ct, overrides).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or ModelContextProtocol.McpException or System.ComponentModel.Win32Exception)
            {
                var which = runtime is null ? "" : $" (with {Specialists.RuntimeVariable}={runtime})";
                throw KosException.Environment($"{server.Key}{which} did not start or answer: {e.Message}{StderrNote(connection)}");
            }

            var tools = await client.ListToolsAsync(cancellationToken: ct).ConfigureAwait(false);
            var plan = CatalogProtocol.Choose(server.Key, [.. tools.Select(t => new CatalogTool(t.Name, t.ProtocolTool.InputSchema.GetRawText()))]);
            RuntimeContext? context = null;
            List<CatalogAgent> agents;
            if (plan.Lister is { } lister)
            {
                var listing = await CallAsync(client, lister, [], timeout, ct).ConfigureAwait(false);
                agents = CatalogAnswers.Listing(listing);
                if (agents.Count == 0)
                {
                    throw KosException.Input($"{server.Key}'s {lister} listed no agents; its answer was: {Clip(listing)}");
                }
            }
            else
            {
                var answer = await CallAsync(client, plan.RuntimeContext!, [], timeout, ct).ConfigureAwait(false);
                context = CatalogAnswers.Context(answer) is { Agents.Count: > 0 } c
                    ? c
                    : throw KosException.Input($"{server.Key}'s {plan.RuntimeContext} named no agents (expected an 'agents' list); its answer was: {Clip(answer)}");
                agents = [.. (names ?? context.Agents).Select(n => new CatalogAgent(n, null, []))];
            }

            if (plan.Describer is null)
            {
                return new Reading(context, agents, []);
            }

            var details = await DescribeAsync(client, server, plan, [.. agents.Select(a => a.Name)], timeout, ct).ConfigureAwait(false);
            var described = agents.Select(a => details.TryGetValue(a.Name, out var d)
                ? a with
                {
                    Description = a.Description ?? d.Description,
                    Tools = a.Tools.Count > 0 ? a.Tools : d.Tools,
                    Methodology = d.Methodology,
                }
                : a).ToList();
            var views = context is null
                ? new Dictionary<string, CatalogRuntime>()
                : details.ToDictionary(p => p.Key, p => new CatalogRuntime(context.Runtime ?? "", Specialists.DispatchName(context.DispatchPrefix, p.Value.ToolName, p.Key), p.Value.Tools, p.Value.Methodology));
            return new Reading(context, described, views);
        }
    }

    private static async Task<Dictionary<string, AgentDetails>> DescribeAsync(McpClient client, RegistryEntry server, CatalogPlan plan, IReadOnlyList<string> names, TimeSpan timeout, CancellationToken ct)
    {
        var found = new Dictionary<string, AgentDetails>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in plan.Batch ? names.Chunk(CatalogPlan.BatchSize) : names.Select(n => new[] { n }))
        {
            var argument = plan.Batch
                ? JsonSerializer.SerializeToElement(batch, McpJsonContext.Default.StringArray)
                : JsonSerializer.SerializeToElement(batch[0], McpJsonContext.Default.String);
            var text = await CallAsync(client, plan.Describer!, new Dictionary<string, JsonElement> { [plan.Argument] = argument }, timeout, ct).ConfigureAwait(false);
            var (ok, failed) = CatalogAnswers.Described(text, batch);
            foreach (var (k, v) in ok)
            {
                found[k] = v;
            }

            foreach (var (k, v) in failed)
            {
                errors[k] = v;
            }
        }

        return errors.Count == 0
            ? found
            : throw KosException.Environment($"{server.Key}'s {plan.Describer} could not describe {string.Join("; ", errors.Select(e => $"{e.Key}: {Clip(e.Value)}"))}");
    }

    private static async Task<string> CallAsync(McpClient client, string tool, Dictionary<string, JsonElement> args, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, timer.Token).ConfigureAwait(false);
        var text = string.Join('\n', result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        if (result.IsError == true)
        {
            throw KosException.Environment($"{tool} answered with an error: {Clip(text)}");
        }

        return result.StructuredContent is { } structured && text.Length == 0 ? structured.GetRawText() : text;
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string StderrNote(ServerConnection c) => c.Stderr.Length > 0 ? $"\nits stderr:\n{c.Stderr}" : "";

    /// <summary>What one server process said: its runtime context (if any), the agents, and each agent's view in that runtime.</summary>
    private sealed record Reading(RuntimeContext? Context, List<CatalogAgent> Agents, Dictionary<string, CatalogRuntime> Views)
    {
        public CatalogRuntime? Runtime(string name) => Views.GetValueOrDefault(name);
    }
}
