using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>check-route-write</c>: the scope question hooks ask before every write.</summary>
internal static class ScopeCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var paths = new Argument<string[]>("paths") { Description = "Paths about to be written (relative to the current folder, or absolute).", Arity = ArgumentArity.OneOrMore };
        var task = new Option<string?>("--task") { Description = "Check for this task (default: KOS_TASK, the session's claim, or the worktree's bound task)." };
        var session = new Option<string?>("--session") { Description = "Check for the task this agent session has claimed (default: KOS_SESSION)." };
        var cmd = new Command("check-route-write", "Say whether each path may be written by the acting task: exit 0 allowed, 4 denied.") { paths, task, session };
        cmd.SetAction(pr => Check(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(paths)!, pr.GetValue(task), pr.GetValue(session)));
        yield return cmd;

        var path = new Argument<string>("path") { Description = "The changed file postflight lists as unattributed." };
        var owner = new Option<string>("--task") { Description = "The task that made the change.", Required = true };
        var assign = new Command("assign-change", "Say which task made a change kos could not attribute to one session (a person's decision).") { path, owner };
        assign.SetAction(pr => Assign(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(path)!, pr.GetValue(owner)!));
        yield return assign;

        var lossTask = new Argument<string>("task") { Description = "The task whose unwatched call discarded the work." };
        var lossPath = new Argument<string>("path") { Description = "The file whose uncommitted work was lost." };
        var loss = new Command("acknowledge-loss", "Acknowledge that a task's unwatched call discarded or overwrote uncommitted work outside its scope (a person's decision; it then no longer blocks completion).") { lossTask, lossPath };
        loss.SetAction(pr => AcknowledgeLoss(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(lossTask)!, pr.GetValue(lossPath)!));
        yield return loss;
    }

    private static int AcknowledgeLoss(CliContext ctx, bool json, string task, string path)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var e = k.Writes.AcknowledgeLoss(task, Path.GetFullPath(path, ctx.Cwd));

        var rel = JsonNode.Parse(e.Payload)!["path"]?.GetValue<string>();
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["path"] = rel, ["task"] = e.Task, ["seq"] = e.Seq });
        }
        else
        {
            ctx.Out.WriteLine($"Recorded: the uncommitted work lost in {rel} by {e.Task} is acknowledged (event {e.Seq}).");
        }

        return ExitCodes.Ok;
    }

    private static int Assign(CliContext ctx, bool json, string path, string task)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var e = k.Writes.AssignChange(Path.GetFullPath(path, ctx.Cwd), task);

        var payload = JsonNode.Parse(e.Payload)!;
        var inScope = payload["inScope"]?.GetValue<bool>() == true;
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["path"] = payload["path"]?.GetValue<string>(), ["task"] = e.Task, ["inScope"] = inScope, ["seq"] = e.Seq });
        }
        else
        {
            ctx.Out.WriteLine(inScope
                ? $"{payload["path"]} assigned to {e.Task} (inside its scope)"
                : $"{payload["path"]} assigned to {e.Task}: outside its scope, recorded as its violation (blocks its completion until undone)");
        }

        return ExitCodes.Ok;
    }

    private static int Check(CliContext ctx, bool json, string[] paths, string? task, string? session)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var explicitSession = session ?? ctx.Session;
        // An explicit --session outranks KOS_TASK from the environment; --task outranks both.
        var taskId = task ?? (session is null ? ctx.Env("KOS_TASK") is { Length: > 0 } t ? t : null : null);
        var check = k.Writes.Check(paths, taskId, explicitSession, ctx.Cwd);
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["allowed"] = check.Allowed,
                ["task"] = check.Task,
                ["session"] = check.Session,
                ["via"] = check.Via.ToString().ToLowerInvariant(),
                ["advisory"] = check.Advisory,
                ["recordedSeq"] = check.RecordedSeq,
                ["paths"] = WriteChecks.DecisionsJson(check.Paths),
            });
        }
        else
        {
            foreach (var d in check.Paths)
            {
                ctx.Out.WriteLine($"{(d.Allowed ? "ALLOWED" : "DENIED ")} {d.Path ?? d.Input}  {d.Reason}");
            }

            if (!check.Allowed)
            {
                ctx.Err.WriteLine($"kos: write denied ({check.Paths.Count(p => !p.Allowed)} of {check.Paths.Count} paths); recorded as event {check.RecordedSeq}.");
            }
        }

        return check.Allowed ? ExitCodes.Ok : ExitCodes.Denied;
    }
}
