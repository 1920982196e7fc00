using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>One scripted model turn: a text answer, or one tool call with its input.</summary>
public sealed record Turn(string? Text = null, string? Tool = null, JsonObject? Input = null, string? Freeform = null)
{
    /// <summary>Awaited before this turn is served: lets scripts of concurrent sessions wait on each other (a test's own sequencing, not a timer).</summary>
    public Func<Task>? Before { get; init; }

    public static Turn Say(string text) => new(Text: text);

    public static Turn Call(string tool, JsonObject input) => new(Tool: tool, Input: input);
}

/// <summary>
/// A local HTTP stand-in for a model API that plays fixed scripts, so a real agent CLI runs
/// offline and deterministically. Subclasses speak one wire format; every request is kept for assertions.
/// </summary>
public abstract class ScriptedModel : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    protected ScriptedModel()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every request body received, in order, with its path.</summary>
    public List<(string Path, string Body)> Requests { get; } = [];

    public string AllRequests
    {
        get
        {
            lock (Requests)
            {
                return string.Join("\n", Requests.Select(r => r.Path + " " + r.Body));
            }
        }
    }

    protected abstract Task Answer(HttpListenerContext http, string path, JsonObject? body);

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext http;
            try
            {
                http = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    var body = await new StreamReader(http.Request.InputStream).ReadToEndAsync();
                    lock (Requests)
                    {
                        Requests.Add((http.Request.Url!.PathAndQuery, body));
                    }

                    JsonObject? json = null;
                    try
                    {
                        json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
                    }
                    catch (System.Text.Json.JsonException)
                    {
                    }

                    await Answer(http, http.Request.Url!.AbsolutePath, json);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                }
                finally
                {
                    try
                    {
                        http.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                    }
                }
            });
        }
    }

    protected static async Task Json(HttpListenerContext http, JsonNode node)
    {
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
        http.Response.ContentType = "application/json";
        http.Response.ContentLength64 = bytes.Length;
        await http.Response.OutputStream.WriteAsync(bytes);
    }

    protected static async Task Sse(HttpListenerContext http, IEnumerable<(string? Event, JsonNode Data)> events)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.SendChunked = true;
        var sb = new StringBuilder();
        foreach (var (name, data) in events)
        {
            if (name is not null)
            {
                sb.Append("event: ").Append(name).Append('\n');
            }

            sb.Append("data: ").Append(data.ToJsonString()).Append("\n\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        await http.Response.OutputStream.WriteAsync(bytes);
    }

    public void Dispose()
    {
        // Close alone: after Stop, the managed HttpListener's Close binds the port again to remove its prefixes, and
        // fails with 'Address already in use' when another test's listener has taken that port in between.
        _listener.Close();
        GC.SuppressFinalize(this);
    }
}
