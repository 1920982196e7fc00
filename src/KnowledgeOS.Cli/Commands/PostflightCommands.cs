using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Postflight;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>postflight</c> ([SYNC_OK] or each problem with its fix) and <c>doctor [--fix]</c>.</summary>
internal static class PostflightCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var full = new Option<bool>("--full") { Description = "Re-verify the whole chain, not only the events since the last clean postflight's checkpoint." };
        var postflight = new Command("postflight", "Reconcile ledger, task records, specs, evidence, working tree and hooks; [SYNC_OK] when all hold.") { full };
        postflight.SetAction(pr => Postflight(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(full)));
        yield return postflight;

        var fix = new Option<bool>("--fix") { Description = "Apply the safe fixes (re-render task records, remove stale pointers)." };
        var yes = new Option<string[]>("--yes") { Description = "Also delete this stale file left by an abandoned task (repeat; each must be named)." };
        var doctor = new Command("doctor", "Show what postflight finds; with --fix, repair what is safe to repair.") { fix, yes };
        doctor.SetAction(pr => Doctor(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(fix), pr.GetValue(yes) ?? []));
        yield return doctor;
    }

    private static int Postflight(CliContext ctx, bool json, bool full)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var (report, e) = k.Postflight.Run(ctx.Env, full);
        var marker = report.Ok ? $"[SYNC_OK] head {e.ShortHash}" : null;
        if (json)
        {
            var o = ReportJson(report);
            o["marker"] = marker;
            o["seq"] = e.Seq;
            o["hash"] = e.Hash;
            Output.Json(ctx, o);
        }
        else
        {
            Print(ctx, report);
            if (marker is not null)
            {
                ctx.Out.WriteLine(marker);
            }
            else
            {
                ctx.Err.WriteLine($"kos: postflight found {report.Problems.Count} problem{(report.Problems.Count == 1 ? "" : "s")}; no [SYNC_OK].");
            }
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static int Doctor(CliContext ctx, bool json, bool fix, string[] yes)
    {
        if (yes.Length > 0 && !fix)
        {
            throw KosException.Input("--yes goes with --fix: kos doctor --fix --yes PATH");
        }

        using var k = CommonOptions.OpenKernel(ctx);
        var report = PostflightRunner.Run(k, ctx.Env);
        IReadOnlyList<string> actions = [];
        if (fix)
        {
            actions = KnowledgeOS.Postflight.Doctor.Fix(k, report, [.. yes.Select(p => Path.GetFullPath(p, ctx.Cwd))]);
            report = PostflightRunner.Run(k, ctx.Env);
        }

        if (json)
        {
            var o = ReportJson(report);
            o["fixed"] = Output.Strings(actions);
            Output.Json(ctx, o);
        }
        else
        {
            foreach (var a in actions)
            {
                ctx.Out.WriteLine("fixed: " + a);
            }

            Print(ctx, report);
            ctx.Out.WriteLine(report.Ok ? "doctor: no problems; run 'kos postflight' for [SYNC_OK]." : $"doctor: {report.Problems.Count} problem(s) left.");
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static void Print(CliContext ctx, PostflightReport report)
    {
        foreach (var p in report.Problems)
        {
            ctx.Out.WriteLine($"PROBLEM {p}");
            ctx.Out.WriteLine($"  fix: {p.Fix}");
        }

        foreach (var n in report.Notes)
        {
            ctx.Err.WriteLine($"  note: {n}");
        }

        if (report.Chain is { Mode: "incremental" } chain)
        {
            ctx.Err.WriteLine($"  {chain}");
        }
    }

    private static JsonObject ReportJson(PostflightReport report)
    {
        var problems = new JsonArray();
        foreach (var p in report.Problems)
        {
            problems.Add((JsonNode)new JsonObject { ["check"] = p.Check, ["message"] = p.Message, ["fix"] = p.Fix, ["files"] = Output.Strings(p.Files) });
        }

        return new JsonObject
        {
            ["ok"] = report.Ok,
            ["gitHead"] = report.GitHead,
            ["tree"] = report.Tree,
            ["tasks"] = report.Tasks,
            ["problems"] = problems,
            ["notes"] = Output.Strings(report.Notes),
            ["chain"] = report.Chain is not { } c ? null : new JsonObject
            {
                ["mode"] = c.Mode,
                ["events"] = c.Events,
                ["sinceSeq"] = c.SinceSeq,
                ["auditFrom"] = c.AuditFrom,
                ["auditTo"] = c.AuditTo,
            },
        };
    }
}
