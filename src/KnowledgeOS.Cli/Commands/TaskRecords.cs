using KnowledgeOS.Evidence;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Commands;

/// <summary>After a task reaches report or done, renders its record in .agent-os/tasks/ for review and commit.</summary>
internal static class TaskRecords
{
    public static MoveResult Render(CliContext ctx, Kernel k, MoveResult result)
    {
        if (result.Ok && result.Task.Phase is Phase.Report or Phase.Done)
        {
            var path = TaskRecord.Write(k, k.FindTask(k.Store, result.Task.Id)!);
            ctx.Err.WriteLine($"kos: wrote the task record {k.Project.Relative(path)}");
        }

        return result;
    }
}
