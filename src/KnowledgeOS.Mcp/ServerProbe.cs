using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Registry;
using ModelContextProtocol.Protocol;
using ModelContextProtocol;

namespace KnowledgeOS.Mcp;

/// <summary>Asks a server for its tools and what they cost an agent's context.</summary>
internal static class ServerProbe
{
    /// <summary>
    /// Token estimate: one token per 4 characters of the tool's JSON definition (name, description,
    /// input schema) as the server sent it — the usual average for English and JSON with GPT/Claude
    /// tokenizers; good to ±25%, enough to rank servers by context cost.
    /// </summary>
    public static int Tokens(string json) => (json.Length + 3) / 4;

    public static async Task<ProbeResult> RunAsync(RegistryEntry entry, string root, string at, TimeSpan timeout, CancellationToken ct)
    {
        var connection = new ServerConnection();
        try
        {
            var client = await connection.ConnectAsync(entry, root, timeout, ct).ConfigureAwait(false);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timer.CancelAfter(timeout);
            var tools = await client.ListToolsAsync(cancellationToken: timer.Token).ConfigureAwait(false);
            var probed = tools.Select(t => new ProbedTool(t.Name, t.Description, Tokens(ToolJson(t.ProtocolTool)))).ToList();
            var server = client.ServerInfo is { } info ? $"{info.Name} {info.Version}" : null;
            return new ProbeResult(at, true, probed, probed.Sum(t => t.Tokens), server);
        }
        catch (KosException)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return Failed(at, $"no answer within {timeout.TotalSeconds:0} s", connection);
        }
        catch (Exception e) when (e is IOException or McpException or InvalidOperationException or System.ComponentModel.Win32Exception or JsonException)
        {
            return Failed(at, e.Message.Split('\n')[0].Trim(), connection);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static string ToolJson(Tool tool) =>
        JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)));

    private static ProbeResult Failed(string at, string error, ServerConnection connection)
    {
        var stderr = connection.Stderr;
        return new ProbeResult(at, false, [], 0, Error: error, Stderr: string.IsNullOrWhiteSpace(stderr) ? null : stderr);
    }
}
