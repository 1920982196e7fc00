using System.Diagnostics;
using System.Text.Json;

namespace KnowledgeOS.Testing;

/// <summary>
/// A real repository with kos initialised and a real <c>kos serve --port 0</c> running on it (kos hands
/// over to kos-serve, as a person's terminal would). Stopped, with its whole process tree, on dispose.
/// </summary>
public sealed class ServedRepo : IDisposable
{
    private static readonly string[] AgentMarkers = ["CLAUDECODE", "CLAUDE_CODE_SESSION_ID", "CLAUDE_CODE_ENTRYPOINT", "AI_AGENT", "KOS_SESSION", "GEMINI_CLI", "CODEX_SANDBOX"];
    private Process? _server;

    public TempRepo Repo { get; } = new();

    public string Url { get; private set; } = "";

    public string Base { get; private set; } = "";

    public string Token { get; private set; } = "";

    public ServedRepo(bool init = true)
    {
        if (init)
        {
            Kos("init");
        }
    }

    public ProcessRun Kos(params string[] args) => KosProcess.Ok(Repo.Root, args);

    public ProcessRun Try(params string[] args) => KosProcess.Run(Repo.Root, args);

    public ProcessRun Try(IReadOnlyDictionary<string, string> env, params string[] args) => KosProcess.Run(Repo.Root, env, null, args);

    /// <summary>Creates a task through the CLI and returns its ID.</summary>
    public string Task(string title, params string[] more) => Kos(["create-task", title, .. more]).FirstLine;

    /// <summary>Starts <c>kos serve --port 0 --json</c> and waits for the URL it prints.</summary>
    public ServedRepo Serve()
    {
        var psi = KosProcess.StartInfo(Repo.Root, ["serve", "--port", "0", "--json"]);
        foreach (var m in AgentMarkers)
        {
            psi.Environment.Remove(m);
        }

        _server = Process.Start(psi)!;
        var err = new System.Text.StringBuilder();
        _server.ErrorDataReceived += (_, e) => { lock (err) { err.AppendLine(e.Data); } };
        _server.BeginErrorReadLine();
        var line = _server.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(90)) || line.Result is null)
        {
            _server.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"kos serve printed no URL; stderr:\n{err}");
        }

        using var doc = JsonDocument.Parse(line.Result);
        Url = doc.RootElement.GetProperty("url").GetString()!;
        Token = doc.RootElement.GetProperty("token").GetString()!;
        Base = Url[..Url.IndexOf("/?", StringComparison.Ordinal)];
        return this;
    }

    /// <summary>The ledger's events of one type, read through kos trace --json.</summary>
    public IReadOnlyList<JsonElement> Events(string type)
    {
        using var doc = JsonDocument.Parse(Kos("trace", "--json").Out);
        return doc.RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == type).Select(e => e.Clone()).ToList();
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        Repo.Dispose();
    }
}
