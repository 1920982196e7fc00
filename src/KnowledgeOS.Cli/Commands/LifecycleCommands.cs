using System.CommandLine;
using KnowledgeOS.Cli.Rendering;

namespace KnowledgeOS.Cli.Commands;

/// <summary>The commands that move a task through its phases; each passed gate prints CHECKPOINT_OK.</summary>
internal static class LifecycleCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        {
            var task = CommonOptions.TaskArgument();
            var scope = new Option<string[]>("--scope") { Description = "Write scope: gitignore-style globs, '!' to exclude (repeat for more)." };
            var agent = new Option<string?>("--agent") { Description = "The agent or capability that will do the work." };
            var cmd = new Command("route-task", "Give a task its write scope and agent (phase route).") { task, scope, agent };
            cmd.SetAction(pr => Run(ctx, pr, k => k.Tasks.Route(CommonOptions.TaskId(ctx, k, pr, task), CommonOptions.SplitList(pr.GetValue(scope)), pr.GetValue(agent))));
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var step = new Option<string[]>("--step") { Description = "A plan step citing the requirements it serves: \"R1: …\" (repeat)." };
            var cmd = new Command("plan-task", "Record the plan; every step cites a bound requirement (phase plan).") { task, step };
            cmd.SetAction(pr => Run(ctx, pr, k => k.Tasks.Plan(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(step) ?? [])));
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var approve = new Option<bool>("--approve") { Description = "Approve the plan." };
            var reject = new Option<bool>("--reject") { Description = "Reject the plan (the task stays in plan)." };
            var reviewer = new Option<string?>("--reviewer") { Description = "Who reviews (strict mode: not the planner)." };
            var note = new Option<string?>("--note") { Description = "Why." };
            var cmd = new Command("review-task", "Approve or reject a task's plan (phase review).") { task, approve, reject, reviewer, note };
            cmd.SetAction(pr =>
            {
                if (pr.GetValue(approve) == pr.GetValue(reject))
                {
                    throw KosException.Input("Say either --approve or --reject.");
                }

                var who = pr.GetValue(reviewer) ?? ctx.Actor;
                return Run(ctx, pr, k => k.Tasks.Review(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(approve), who, pr.GetValue(note)));
            });
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var session = new Option<string?>("--session") { Description = "The agent session that claims the task (default: KOS_SESSION)." };
            var agent = new Option<string?>("--agent") { Description = "The agent doing the work." };
            var lease = new Option<string>("--lease") { Description = "How long the claim lasts without activity: 30m, 2h, 90s.", DefaultValueFactory = _ => "30m" };
            var cmd = new Command("dispatch-task", "Claim a task for one agent session, atomically (phases dispatch and execute).") { task, session, agent, lease };
            cmd.SetAction(pr =>
            {
                var s = pr.GetValue(session) ?? ctx.Session ?? throw KosException.Input("Dispatch claims the task for one agent session: pass --session ID (or set KOS_SESSION).");
                var l = ParseDuration(pr.GetValue(lease)!);
                return Run(ctx, pr, k => k.Tasks.Dispatch(CommonOptions.TaskId(ctx, k, pr, task), s, pr.GetValue(agent), l));
            });
            yield return cmd;
        }

        yield return Simple(ctx, "report-task", "Move an executing task to report.", (k, t) => TaskRecords.Render(ctx, k, k.Tasks.Report(t)));
        yield return Simple(ctx, "complete-task", "Mark a task done, if every gate holds.", (k, t) =>
        {
            var code = TaskRecords.Render(ctx, k, k.Tasks.Complete(t));
            Ledger.Anchors.LedgerAnchors.Anchor(k.Project, k.Store);
            return code;
        });

        foreach (var (name, help) in new[]
                 {
                     ("block", "Block a task (it keeps its place and returns there on reopen)."),
                     ("abandon", "Abandon a task (releases its scope and claim)."),
                     ("reopen", "Reopen a blocked, reported, done or abandoned task."),
                 })
        {
            var task = CommonOptions.TaskArgument();
            var reason = new Option<string?>("--reason") { Description = "Why (recorded)." };
            var cmd = new Command(name, help) { task, reason };
            cmd.SetAction(pr => Run(ctx, pr, k => name switch
            {
                "block" => k.Tasks.Block(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(reason) ?? "blocked"),
                "abandon" => k.Tasks.Abandon(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(reason) ?? "abandoned"),
                _ => k.Tasks.Reopen(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(reason)),
            }));
            yield return cmd;
        }
    }

    private static Command Simple(CliContext ctx, string name, string help, Func<Kernel, string, MoveResult> move)
    {
        var task = CommonOptions.TaskArgument();
        var cmd = new Command(name, help) { task };
        cmd.SetAction(pr => Run(ctx, pr, k => move(k, CommonOptions.TaskId(ctx, k, pr, task))));
        return cmd;
    }

    private static int Run(CliContext ctx, ParseResult pr, Func<Kernel, MoveResult> move)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        return Output.Move(ctx, pr.GetValue(CommonOptions.Json), move(k), pr.GetValue(CommonOptions.Quiet));
    }

    internal static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length >= 2 && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (t[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw KosException.Input($"'{text}' is not a duration; write it like 90s, 30m, 2h or 1d.");
    }
}
