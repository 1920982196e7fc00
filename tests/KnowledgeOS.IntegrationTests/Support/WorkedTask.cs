using System.Text.Json;

namespace KnowledgeOS.Testing;

/// <summary>A real repository with kos initialised and one task dispatched and executing, driven through the real kos.</summary>
public sealed class WorkedTask : IDisposable
{
    public WorkedTask(string eval = "grep -q hello greeting.txt", string scope = "greeting.txt", int? timeoutSeconds = null)
    {
        Kos("init");
        if (timeoutSeconds is { } t)
        {
            var config = Repo.PathOf(".agent-os/config.toml");
            File.WriteAllText(config, File.ReadAllText(config).Replace("timeout_seconds = 600", $"timeout_seconds = {t}", StringComparison.Ordinal));
        }

        Spec = Kos("create-spec", "Greeting", "--intent", "Visitors are greeted.", "--req", "A greeting file says hello", "--eval", eval).FirstLine;
        Task = Kos("create-task", "Write the greeting", "--spec", Spec, "--req", "R1").FirstLine;
        Kos("route-task", Task, "--scope", scope);
        Kos("plan-task", Task, "--step", "R1: write it");
        Kos("dispatch-task", Task, "--session", "s1");
    }

    public TempRepo Repo { get; } = new();

    public string Spec { get; }

    public string Task { get; }

    public ProcessRun Kos(params string[] args) => KosProcess.Ok(Repo.Root, args);

    public ProcessRun Try(params string[] args) => KosProcess.Run(Repo.Root, args);

    public ProcessRun TryWithInput(string stdin, params string[] args) => KosProcess.Run(Repo.Root, null, stdin, args);

    public static JsonElement Json(ProcessRun r) => JsonDocument.Parse(r.Out).RootElement.Clone();

    public void Dispose() => Repo.Dispose();
}
