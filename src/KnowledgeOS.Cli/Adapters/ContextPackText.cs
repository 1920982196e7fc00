using KnowledgeOS.Context;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// What is injected at session start and after compaction so the intent survives: the task's
/// context pack (<see cref="Kernel.BuildContextPack"/>, recorded so verify-context can check it),
/// within a budget that fits the agents' 10,000-character cap on hook output.
/// </summary>
internal static class ContextPackText
{
    public const int Budget = 2000;

    public static string For(Kernel kernel, TaskState task) =>
        kernel.BuildContextPack(task.Id, Budget, PackFormat.Markdown).Text +
        $"\n\nkos: to finish, run 'kos eval-task {task.Id}' (kos runs the evals itself and records evidence), then 'kos complete-task {task.Id}'.\n";
}
