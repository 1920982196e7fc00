using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Events;
using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>eval-task</c>, <c>verify-lifecycle</c>, <c>verify-claim</c> and <c>evidence export</c>.</summary>
internal static class EvidenceCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        {
            var task = CommonOptions.TaskArgument();
            var cmd = new Command("eval-task", "Run the task's evals (spec acceptance, task, config defaults) and record the evidence.") { task };
            cmd.SetAction(pr => EvalTask(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(CommonOptions.Quiet)));
            yield return cmd;
        }

        {
            var command = new Argument<string>("command") { Description = "The shell command kos runs as evidence, e.g. \"npm test\"." };
            var task = new Option<string?>("--task") { Description = "The task (default: KOS_TASK, the bound task, or the only open one)." };
            var cmd = new Command("add-eval", "Give an existing task another eval command (recorded); then 'kos eval-task' runs it.") { command, task };
            cmd.SetAction(pr => AddEval(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(command)!, pr.GetValue(CommonOptions.Quiet)));
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var cmd = new Command("verify-lifecycle", "Check a task's events: every phase entered in order, gates passed, chain intact.") { task };
            cmd.SetAction(pr => VerifyLifecycle(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task)));
            yield return cmd;
        }

        {
            var task = new Option<string?>("--task") { Description = "The task the claims are about (default: the one the session holds)." };
            var file = new Argument<string?>("file") { Description = "A file holding the text, or '-' for stdin (the default).", Arity = ArgumentArity.ZeroOrOne };
            var cmd = new Command("verify-claim", "Check the markers and completion claims in an agent's message against the ledger and fresh evidence.") { task, file };
            cmd.SetAction(pr => VerifyClaim(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(file)));
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var export = new Command("export", "Write the task's eval runs as in-toto Statements under .agent-os/evidence/TASK/.") { task };
            export.SetAction(pr => Export(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task)));
            var tree = new Command("tree", "Print the working-tree digest evidence is recorded against (a git tree ID; .agent-os/ left out).");
            tree.SetAction(pr => Tree(ctx, pr.GetValue(CommonOptions.Json)));
            yield return new Command("evidence", "Evidence kos recorded: export it for supply-chain tooling, or print the tree digest.") { export, tree };
        }
    }

    private static int AddEval(CliContext ctx, bool json, string? given, string command, bool quiet)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var (task, e) = k.Tasks.AddEval(CommonOptions.TaskId(ctx, k, given, "add-eval --task"), command);
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["task"] = task.Id, ["evals"] = Output.Strings(task.Evals), ["seq"] = e.Seq, ["hash"] = e.Hash });
        }
        else if (quiet)
        {
            ctx.Out.WriteLine(task.Id);
        }
        else
        {
            ctx.Out.WriteLine($"{task.Id} now runs {task.Evals.Count} eval(s) of its own: {string.Join("  ;  ", task.Evals)} (event {e.Seq}).");
            ctx.Out.WriteLine($"Next: kos eval-task {task.Id}");
        }

        return ExitCodes.Ok;
    }

    private static int EvalTask(CliContext ctx, bool json, string? given, bool quiet)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = CommonOptions.TaskId(ctx, k, given, "eval-task");
        // The evals' own output goes to stderr live: stdout stays the result.
        var run = k.Evidence.RunEvals(task, ctx.Err);
        if (json)
        {
            Output.Json(ctx, RunJson(run));
        }
        else if (quiet)
        {
            ctx.Out.WriteLine(run.RunId);
        }
        else
        {
            foreach (var r in run.Results)
            {
                ctx.Out.WriteLine(r.Passed
                    ? $"PASS  {r.Command}  ({r.DurationMs} ms, event {r.Seq})"
                    : $"FAIL  {r.Command}: {r.Reason}  (event {r.Seq})");
            }

            ctx.Out.WriteLine($"evidence {run.Task}: {run.Results.Count(r => r.Passed)} of {run.Results.Count} evals passed on working tree {run.Tree[..12]} (HEAD {run.Head?[..12] ?? "none"}), run {run.RunId}");
            if (run.ChangedByEvals.Count > 0)
            {
                ctx.Err.WriteLine($"kos: warning: the evals changed the working tree ({EvidenceCheck.Names(run.ChangedByEvals)}); completion will see them as changes since the evidence. Ignore such outputs in .gitignore.");
            }
        }

        return run.Passed ? ExitCodes.Ok : ExitCodes.Refused;
    }

    internal static JsonObject RunJson(EvidenceRun run)
    {
        var results = new JsonArray();
        foreach (var r in run.Results)
        {
            results.Add((JsonNode)new JsonObject
            {
                ["command"] = r.Command,
                ["source"] = r.Source,
                ["passed"] = r.Passed,
                ["exitCode"] = r.ExitCode,
                ["reason"] = r.Reason,
                ["durationMs"] = r.DurationMs,
                ["stdoutSha256"] = r.StdoutSha256,
                ["stderrSha256"] = r.StderrSha256,
                ["stdoutTail"] = r.StdoutTail,
                ["stderrTail"] = r.StderrTail,
                ["output"] = r.Output,
                ["seq"] = r.Seq,
                ["hash"] = r.EventHash,
            });
        }

        return new JsonObject
        {
            ["task"] = run.Task,
            ["run"] = run.RunId,
            ["passed"] = run.Passed,
            ["gitHead"] = run.Head,
            ["tree"] = run.Tree,
            ["time"] = run.Time,
            ["changedByEvals"] = Output.Strings(run.ChangedByEvals),
            ["results"] = results,
        };
    }

    private static int VerifyLifecycle(CliContext ctx, bool json, string? taskInput)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = k.Tasks.Resolve(k.Store, CommonOptions.TaskId(ctx, k, taskInput, "verify-lifecycle"));
        var report = LifecycleVerifier.Verify(k.Store, task.Id, k.Config.For("lifecycle"));
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["ok"] = report.Ok,
                ["task"] = task.Id,
                ["phase"] = task.Phase.Name(),
                ["events"] = report.Events,
                ["walk"] = Output.Strings(report.Walk),
                ["problems"] = Output.Strings(report.Problems),
                ["warnings"] = Output.Strings(report.Warnings),
            });
        }
        else
        {
            ctx.Out.WriteLine(report.Ok
                ? $"LIFECYCLE_OK {task.Id} {string.Join(" → ", report.Walk)} ({report.Events} events)"
                : $"LIFECYCLE_BROKEN {task.Id}");
            foreach (var p in report.Problems)
            {
                ctx.Err.WriteLine("  missing: " + p);
            }

            foreach (var w in report.Warnings)
            {
                ctx.Err.WriteLine("  warning: " + w);
            }
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static int VerifyClaim(CliContext ctx, bool json, string? task, string? file)
    {
        var text = file is null or "-" ? ctx.In.ReadToEnd() : ReadFile(ctx, file);
        using var k = CommonOptions.OpenKernel(ctx);
        var report = ClaimVerifier.Verify(k, text, task);
        k.Store.Write(w => k.Append(w, EventCatalog.ClaimChecked, report.Task, new ClaimChecked(report.Ok, report.Markers.Count,
            report.Markers.Where(m => m.Status != MarkerStatus.Valid).Select(m => m.Line).ToList(), report.Claims.Count,
            report.Claims.Where(c => !c.Backed).Select(c => c.Claim).ToList())));
        if (json)
        {
            var markers = new JsonArray();
            foreach (var m in report.Markers)
            {
                markers.Add((JsonNode)new JsonObject { ["line"] = m.Line, ["status"] = m.Status.ToString().ToLowerInvariant(), ["explanation"] = m.Explanation });
            }

            var claims = new JsonArray();
            foreach (var c in report.Claims)
            {
                claims.Add((JsonNode)new JsonObject { ["claim"] = c.Claim, ["line"] = c.Line, ["backed"] = c.Backed, ["explanation"] = c.Explanation });
            }

            Output.Json(ctx, new JsonObject { ["ok"] = report.Ok, ["task"] = report.Task, ["markers"] = markers, ["claims"] = claims });
        }
        else
        {
            foreach (var m in report.Markers)
            {
                ctx.Out.WriteLine($"{(m.Status == MarkerStatus.Valid ? "VALID   " : "FORGED  ")}{m.Line}: {m.Explanation}");
            }

            foreach (var c in report.Claims)
            {
                ctx.Out.WriteLine($"{(c.Backed ? "BACKED  " : "UNBACKED")} \"{c.Claim}\" (line {c.Line}): {c.Explanation}");
            }

            if (report.Markers.Count + report.Claims.Count == 0)
            {
                ctx.Out.WriteLine("No markers or completion claims to check.");
            }
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static string ReadFile(CliContext ctx, string file)
    {
        var path = Path.GetFullPath(file, ctx.Cwd);
        return File.Exists(path) ? File.ReadAllText(path) : throw KosException.Input($"{file} does not exist; pass the file holding the agent's message, or '-' to read stdin.");
    }

    private static int Tree(CliContext ctx, bool json)
    {
        var project = Project.KosProject.LocateInitialised(ctx.Cwd);
        var tree = WorkingTree.Digest(project);
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["tree"] = tree, ["gitHead"] = WorkingTree.Head(project.Root) });
        }
        else
        {
            ctx.Out.WriteLine(tree);
        }

        return ExitCodes.Ok;
    }

    private static int Export(CliContext ctx, bool json, string? given)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = CommonOptions.TaskId(ctx, k, given, "evidence export");
        var files = InToto.Export(k, task).Select(k.Project.Relative).ToList();
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["files"] = Output.Strings(files), ["predicateType"] = InToto.PredicateType });
        }
        else
        {
            foreach (var f in files)
            {
                ctx.Out.WriteLine(f);
            }
        }

        return ExitCodes.Ok;
    }
}
