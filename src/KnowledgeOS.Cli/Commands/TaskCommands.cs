using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>create-task</c>, <c>list</c> and <c>show</c>.</summary>
internal static class TaskCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var title = new Argument<string>("title") { Description = "What the task is, in a few words." };
        var spec = new Option<string?>("--spec") { Description = "The spec the task serves (S-…)." };
        var req = new Option<string[]>("--req") { Description = "Requirement IDs the task serves: R1,R2 (or repeat)." };
        var intent = new Option<string?>("--intent") { Description = "The intent in the user's words (defaults to the spec's)." };
        var eval = new Option<string[]>("--eval") { Description = "A command kos runs as evidence for this task (repeat for more)." };
        var quick = new Option<bool>("--quick") { Description = "Small fix: record route, plan and dispatch in one step (needs --scope)." };
        var scope = new Option<string[]>("--scope") { Description = "With --quick: the write scope (globs)." };
        var agent = new Option<string?>("--agent") { Description = "With --quick: the agent doing the work." };
        var session = new Option<string?>("--session") { Description = "With --quick: the agent session that claims it (default: KOS_SESSION)." };
        var create = new Command("create-task", "Create a task bound to spec requirements; prints its ID.")
        {
            title, spec, req, intent, eval, quick, scope, agent, session,
        };
        create.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var result = k.Tasks.Create(new NewTask(
                pr.GetValue(title)!, pr.GetValue(intent), pr.GetValue(spec), CommonOptions.SplitList(pr.GetValue(req)),
                pr.GetValue(eval) ?? [], pr.GetValue(quick), CommonOptions.SplitList(pr.GetValue(scope)), pr.GetValue(session), pr.GetValue(agent)));
            if (!pr.GetValue(CommonOptions.Json) && result.Checkpoints.Count > 0 && !result.Discarded)
            {
                ctx.Out.WriteLine(result.Task.Id);
            }

            return Output.Move(ctx, pr.GetValue(CommonOptions.Json), result, pr.GetValue(CommonOptions.Quiet));
        });
        yield return create;

        var phase = new Option<string?>("--phase") { Description = "Only tasks in this phase." };
        var all = new Option<bool>("--all") { Description = "Include done and abandoned tasks." };
        var list = new Command("list", "List tasks, most recently changed first.") { phase, all };
        list.SetAction(pr => List(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(phase), pr.GetValue(all)));
        yield return list;

        var task = CommonOptions.TaskArgument();
        var show = new Command("show", "Show one task: intent, requirements, plan, scope, claim.") { task };
        show.SetAction(pr => Show(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task)));
        yield return show;
    }

    private static int List(CliContext ctx, bool json, string? phase, bool all)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        if (phase is not null && !PhaseNames.TryParse(phase, out _))
        {
            throw KosException.Input($"--phase {phase} is not a phase; phases: intake, route, plan, review, dispatch, execute, report, done, blocked, abandoned.");
        }

        var rows = k.Store.ListTasks().Where(r => phase is not null
            ? string.Equals(r.Phase, phase, StringComparison.OrdinalIgnoreCase)
            : all || (r.Phase != "done" && r.Phase != "abandoned")).ToList();
        if (json)
        {
            var a = new JsonArray();
            foreach (var r in rows)
            {
                a.Add((JsonNode)new JsonObject { ["id"] = r.Id, ["phase"] = r.Phase, ["title"] = r.Title, ["session"] = r.Session, ["updatedAt"] = r.Updated });
            }

            Output.Json(ctx, a);
            return ExitCodes.Ok;
        }

        if (rows.Count == 0)
        {
            ctx.Out.WriteLine(all || phase is not null ? "No tasks." : "No open tasks (kos list --all shows closed ones).");
            return ExitCodes.Ok;
        }

        // Columns as wide as their longest value (session IDs are often 36-character UUIDs), two spaces apart.
        var idWidth = Math.Max(2, rows.Max(r => r.Id.Length)) + 2;
        var phaseWidth = Math.Max(5, rows.Max(r => r.Phase.Length)) + 2;
        var sessionWidth = Math.Max(7, rows.Max(r => (r.Session ?? "-").Length)) + 2;
        var sb = new System.Text.StringBuilder(rows.Count * 80);
        sb.Append("ID".PadRight(idWidth)).Append("PHASE".PadRight(phaseWidth)).Append("SESSION".PadRight(sessionWidth)).Append("TITLE\n");
        foreach (var r in rows)
        {
            sb.Append(r.Id.PadRight(idWidth)).Append(r.Phase.PadRight(phaseWidth)).Append((r.Session ?? "-").PadRight(sessionWidth)).Append(r.Title).Append('\n');
        }

        ctx.Out.Write(sb.ToString());
        return ExitCodes.Ok;
    }

    private static int Show(CliContext ctx, bool json, string? id)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var t = k.Tasks.Default(k.Store, id, ctx.Env("KOS_TASK"), ctx.Session, "show");
        if (json)
        {
            Output.Json(ctx, Output.TaskJson(t));
            return ExitCodes.Ok;
        }

        var o = ctx.Out;
        o.WriteLine($"{t.Id}  {t.Title}");
        o.WriteLine($"phase      {t.Phase.Name()}{(t.BlockedFrom is { } b ? $" (from {b.Name()})" : "")}{(t.Quick ? "  [quick]" : "")}");
        o.WriteLine($"intent     {t.Intent}");
        if (t.SpecId is not null)
        {
            o.WriteLine($"spec       {t.SpecId} at {t.SpecHash?[..12]}  requirements {string.Join(", ", t.Requirements)}");
        }

        o.WriteLine($"scope      {(t.Scope.Count == 0 ? "-" : string.Join("  ", t.Scope))}");
        o.WriteLine($"agent      {t.Agent ?? "-"}");
        if (t.Claim is { } c)
        {
            o.WriteLine($"claim      session {c.Session}{(c.Agent is null ? "" : " (" + c.Agent + ")")} until {c.LeaseUntil}");
        }

        if (t.Plan.Count > 0)
        {
            o.WriteLine("plan");
            foreach (var s in t.Plan)
            {
                o.WriteLine($"  - {(s.Requirements.Count > 0 ? string.Join(",", s.Requirements) + ": " : "")}{s.Text}");
            }

            var uncovered = PlanCoverage.Uncovered(t);
            if (uncovered.Count > 0)
            {
                o.WriteLine($"  (no step covers {string.Join(", ", uncovered)})");
            }
        }

        if (t.Reviewer is not null)
        {
            o.WriteLine($"review     approved by {t.Reviewer}{(t.ReviewNote is null ? "" : ": " + t.ReviewNote)}");
        }

        if (t.Evals.Count > 0)
        {
            o.WriteLine($"evals      {string.Join("  ;  ", t.Evals)}");
        }

        o.WriteLine($"created    {t.CreatedAt} by {t.CreatedBy}; updated {t.UpdatedAt} (event {t.LastSeq})");
        return ExitCodes.Ok;
    }
}
