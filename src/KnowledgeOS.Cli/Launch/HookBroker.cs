using System.Collections;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters;
using KnowledgeOS.Cli.Commands;

namespace KnowledgeOS.Cli.Launch;

/// <summary>
/// The hooks of an agent that runs whole inside a sandbox (bubblewrap) run inside it too, where the ledger is
/// read-only. <c>kos agent</c> stays outside and serves them on a Unix socket (named to the agent by
/// <see cref="Variable"/>): <c>kos hook</c> inside forwards its arguments, environment, folder and payload, and kos
/// runs the hook here, as it would have run there, on the store kos chose (the agent's side cannot name another, and on
/// the team store never holds its secret). Only that agent's hooks are served: a forged call from the agent's shell can
/// do what a hook can (record as the agent), never what a person decides.
/// </summary>
internal sealed class HookBroker : IDisposable
{
    public const string Variable = "KOS_HOOK_BROKER";

    private readonly Socket _listener;
    private readonly string _dir;
    private readonly string _agent;
    private readonly IReadOnlyDictionary<string, string> _store;
    private readonly Thread _thread;

    private HookBroker(string agent, IReadOnlyDictionary<string, string> store)
    {
        _agent = agent;
        _store = store;
        _dir = Path.Combine(Path.GetTempPath(), "kos-broker-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_dir);
        }
        else
        {
            Directory.CreateDirectory(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        SocketPath = Path.Combine(_dir, "hook.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _thread = new Thread(Loop) { IsBackground = true, Name = "kos hook broker" };
        _thread.Start();
    }

    public string SocketPath { get; }

    /// <summary>Serves <paramref name="agent"/>'s hooks with kos's own store settings (<see cref="KnowledgeOS.Launch.StoreReach.StoreVariables"/>).</summary>
    public static HookBroker Start(string agent, IReadOnlyDictionary<string, string> store) => new(agent, store);

    private void Loop()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    client.Send(Encoding.UTF8.GetBytes(Handle(Encoding.UTF8.GetString(ReadToEnd(client)))));
                }
                catch (Exception e) when (e is SocketException or IOException or System.Text.Json.JsonException or InvalidOperationException)
                {
                    // The hook inside sees a broken answer and fails closed.
                }
            }
        }
    }

    private string Handle(string request)
    {
        var r = JsonNode.Parse(request)!.AsObject();
        var args = r["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        if (args.Length < 3 || args[0] != "hook" || args[1] != _agent)
        {
            return Reply("", $"kos: the hook broker runs only {_agent}'s hooks.\n", 2);
        }

        var env = r["env"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        env.Remove(Variable);
        // The store is kos's choice, made outside: what the agent's side names (KOS_STORE, PG*) is dropped, kos's own put back.
        foreach (var name in env.Keys.Where(KnowledgeOS.Launch.StoreReach.IsStoreVariable).ToList())
        {
            env.Remove(name);
        }

        foreach (var (name, value) in _store)
        {
            env[name] = value;
        }

        env["KOS_HOOK_TIMEOUT_MS"] = "600000"; // the forwarding hook inside keeps the agent's own deadline
        var cwd = r["cwd"]!.GetValue<string>();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, new StringReader(r["stdin"]?.GetValue<string>() ?? ""), Directory.Exists(cwd) ? cwd : "/", TimeProvider.System, n => env.GetValueOrDefault(n));
        var code = HookCommands.Run(args, ctx);
        return Reply(stdout.ToString(), stderr.ToString(), code);
    }

    private static string Reply(string stdout, string stderr, int code) =>
        new JsonObject { ["stdout"] = stdout, ["stderr"] = stderr, ["code"] = code }.ToJsonString();

    /// <summary>Inside the sandbox: has the broker run this hook, and answers as it did.</summary>
    public static HookReply Forward(string socket, string[] args, CliContext ctx, string payload)
    {
        var env = new JsonObject();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }

        var request = new JsonObject { ["args"] = new JsonArray([.. args.Select(a => (JsonNode?)a)]), ["cwd"] = ctx.Cwd, ["env"] = env, ["stdin"] = payload };
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        s.Send(Encoding.UTF8.GetBytes(request.ToJsonString()));
        s.Shutdown(SocketShutdown.Send);
        var reply = JsonNode.Parse(ReadToEnd(s))!.AsObject();
        return new HookReply(reply["stdout"]!.GetValue<string>(), reply["stderr"]!.GetValue<string>(), reply["code"]!.GetValue<int>());
    }

    private static byte[] ReadToEnd(Socket s)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = s.Receive(buffer)) > 0)
        {
            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }

    public void Dispose()
    {
        _listener.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
