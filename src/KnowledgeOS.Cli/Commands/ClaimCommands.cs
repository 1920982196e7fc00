using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Events;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>release</c>, <c>ready</c>, <c>bind</c>: claims, leases and which task a worktree works on.</summary>
internal static class ClaimCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        {
            var task = CommonOptions.TaskArgument();
            var reason = new Option<string?>("--reason") { Description = "Why (recorded)." };
            var cmd = new Command("release", "Give up a task's claim; it keeps its phase and can be dispatched again.") { task, reason };
            cmd.SetAction(pr => Release(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(reason)));
            yield return cmd;
        }

        {
            var cmd = new Command("ready", "List tasks that can be dispatched now: planned/reviewed, aligned, scope free, not claimed.");
            cmd.SetAction(pr => Ready(ctx, pr.GetValue(CommonOptions.Json)));
            yield return cmd;
        }

        {
            var task = new Argument<string?>("task") { Description = "The task this git worktree works on.", Arity = ArgumentArity.ZeroOrOne };
            var clear = new Option<bool>("--clear") { Description = "Remove this worktree's binding." };
            var cmd = new Command("bind", "Bind this git worktree to a task: writes from any agent here act for it (no task: show the binding).") { task, clear };
            cmd.SetAction(pr => Bind(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(clear)));
            yield return cmd;
        }
    }

    private static int Release(CliContext ctx, bool json, string? given, string? reason)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = CommonOptions.TaskId(ctx, k, given, "release");
        var e = k.Claims.Release(task, reason);
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["task"] = e.Task, ["seq"] = e.Seq, ["hash"] = e.Hash });
        }
        else
        {
            ctx.Out.WriteLine($"Released {e.Task} (event {e.Seq}, {e.ShortHash}); 'kos dispatch-task {e.Task} --session …' claims it again.");
        }

        return ExitCodes.Ok;
    }

    private static int Ready(CliContext ctx, bool json)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var ready = k.Claims.Ready();
        if (json)
        {
            var a = new JsonArray();
            foreach (var r in ready)
            {
                a.Add((JsonNode)new JsonObject
                {
                    ["id"] = r.Task.Id,
                    ["title"] = r.Task.Title,
                    ["phase"] = r.Task.Phase.ToString().ToLowerInvariant(),
                    ["takeover"] = r.Takeover,
                    ["why"] = r.Why,
                    ["scope"] = Output.Strings(r.Task.Scope),
                });
            }

            Output.Json(ctx, a);
            return ExitCodes.Ok;
        }

        if (ready.Count == 0)
        {
            ctx.Out.WriteLine("No task can be dispatched now (see 'kos list' for where each one is).");
            return ExitCodes.Ok;
        }

        foreach (var r in ready)
        {
            ctx.Out.WriteLine($"{r.Task.Id}  {r.Task.Title}  [{string.Join(" ", r.Task.Scope)}]  {(r.Takeover ? "takeover: " : "")}{r.Why}");
        }

        return ExitCodes.Ok;
    }

    private static int Bind(CliContext ctx, bool json, string? task, bool clear)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var name = WorktreeBinding.NameOf(k.Project);
        string? bound;
        if (clear)
        {
            WorktreeBinding.Write(k.Project, null);
            bound = null;
        }
        else if (task is not null)
        {
            bound = k.Tasks.Resolve(k.Store, task).Id;
            WorktreeBinding.Write(k.Project, bound);
            k.Store.Write(w => k.Append(w, EventCatalog.WorktreeBound, bound, new WorktreeBound(name, k.Project.Root)));
        }
        else
        {
            bound = WorktreeBinding.Read(k.Project);
        }

        if (json)
        {
            Output.Json(ctx, new JsonObject { ["worktree"] = name, ["task"] = bound, ["pointer"] = WorktreeBinding.PointerPath(k.Project) });
        }
        else
        {
            ctx.Out.WriteLine(bound is null ? $"Worktree {name} is not bound to a task." : $"Worktree {name} works on {bound}.");
        }

        return ExitCodes.Ok;
    }
}
