using System.Text;
using KnowledgeOS.Cli;
using KnowledgeOS.Registry.Importers;
using KnowledgeOS.Registry;
using ModelContextProtocol.Client;

namespace KnowledgeOS.Mcp;

/// <summary>
/// Starts a registry entry's stdio MCP server and connects to it as a client (the official C# SDK),
/// keeping the tail of its stderr for the report when it fails.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private const int StderrLines = 40;
    private readonly Queue<string> _stderr = new();

    public McpClient? Client { get; private set; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Starts the server and completes the handshake; on failure <see cref="Stderr"/> still holds what it printed.</summary>
    /// <param name="overrides">Environment variables set on top of the entry's own (a catalog's runtime selector).</param>
    public async Task<McpClient> ConnectAsync(RegistryEntry entry, string root, TimeSpan timeout, CancellationToken ct, IReadOnlyDictionary<string, string>? overrides = null)
    {
        if (entry.Command is null)
        {
            throw KosException.Input(entry.Url is not null
                ? $"{entry.Key} is an {entry.Transport ?? "http"} server at {entry.Url}; kos probes stdio servers only (it starts them itself)."
                : $"{entry.Key} has no command to start; register one with 'kos registry add --kind {entry.Kind} {entry.Name} --command …'.");
        }

        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, v) in RegistrySources.EnvFor(root, entry))
        {
            env[k] = Expand(v);
        }

        foreach (var (k, v) in overrides ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = entry.Name,
            Command = entry.Command,
            Arguments = [.. entry.Args.Select(a => Expand(a) ?? a)],
            WorkingDirectory = root,
            EnvironmentVariables = env,
            StandardErrorLines = OnStderr,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        Client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = timeout }, cancellationToken: timer.Token).ConfigureAwait(false);
        return Client;
    }

    private void OnStderr(string line)
    {
        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > StderrLines)
            {
                _stderr.Dequeue();
            }
        }
    }

    /// <summary>Claude Code expands ${VAR} and ${VAR:-default} in .mcp.json; do the same when starting the server.</summary>
    internal static string? Expand(string? value)
    {
        if (value is null || !value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : value.IndexOf('}', start);
            if (end < 0)
            {
                sb.Append(value, i, value.Length - i);
                break;
            }

            sb.Append(value, i, start - i);
            var body = value[(start + 2)..end];
            var dash = body.IndexOf(":-", StringComparison.Ordinal);
            var name = dash >= 0 ? body[..dash] : body;
            var fallback = dash >= 0 ? body[(dash + 2)..] : "";
            sb.Append(Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback);
            i = end + 1;
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
