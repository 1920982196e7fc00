using System.CommandLine;
using KnowledgeOS.Git;

namespace KnowledgeOS.Cli.Commands;

/// <summary>
/// <c>kos quickstart</c>: makes a throwaway git repository and walks one task through the whole
/// lifecycle, printing each command and the markers it earns. The README's first command.
/// </summary>
internal static class QuickstartCommand
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var dir = new Option<string?>("--dir") { Description = "Where to create the demo repository (default: a new temporary folder)." };
        var cmd = new Command("quickstart", "Create a throwaway repository and walk a task through every phase, printing the markers.") { dir };
        cmd.SetAction(pr =>
        {
            if (!pr.GetValue(CommonOptions.Json))
            {
                return Run(ctx, pr.GetValue(dir));
            }

            // With --json the walk's transcript is collected and summarised: the folder, the IDs and every marker.
            var transcript = new StringWriter();
            var code = Run(ctx with { Out = transcript }, pr.GetValue(dir));
            var lines = transcript.ToString().Split('\n', StringSplitOptions.TrimEntries);
            Rendering.Output.Json(ctx, new System.Text.Json.Nodes.JsonObject
            {
                ["root"] = lines[0].Replace("# A throwaway repository at ", "", StringComparison.Ordinal),
                ["markers"] = Rendering.Output.Strings(lines.Where(l => l.Contains("_OK", StringComparison.Ordinal) && !l.StartsWith('$'))),
            });
            return code;
        });
        yield return cmd;
    }

    private static int Run(CliContext ctx, string? dir)
    {
        var root = dir is null
            ? Path.Combine(Path.GetTempPath(), "kos-quickstart-" + Guid.NewGuid().ToString("N")[..8])
            : Path.GetFullPath(dir, ctx.Cwd);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw KosException.Input($"{root} is not empty; quickstart needs a new or empty folder.");
        }

        Directory.CreateDirectory(root);
        ctx.Out.WriteLine($"# A throwaway repository at {root}");
        GitCli.Check(root, "init", "-q", "-b", "main");
        GitCli.Check(root, "config", "user.email", "quickstart@example.invalid");
        GitCli.Check(root, "config", "user.name", "kos quickstart");
        File.WriteAllText(Path.Combine(root, "README.md"), "# Demo\n");
        GitCli.Check(root, "add", ".");
        GitCli.Check(root, "commit", "-qm", "initial");

        var here = ctx with { Cwd = root };
        var session = "quickstart-session";
        Step(here, "init");
        var spec = Step(here, "create-spec", "Greeting", "--intent", "Visitors are greeted by name.",
            "--req", "A greeting file says hello", "--eval", "grep -q hello greeting.txt");
        var task = Step(here, "create-task", "Write the greeting", "--spec", spec, "--req", "R1");
        Step(here, "route-task", task, "--scope", "greeting.txt", "--agent", "demo-agent");
        Step(here, "plan-task", task, "--step", "R1: write greeting.txt");
        Step(here, "review-task", task, "--approve", "--reviewer", "reviewer");
        Step(here, "dispatch-task", task, "--session", session);
        ctx.Out.WriteLine("$ echo hello > greeting.txt   # the agent's work");
        File.WriteAllText(Path.Combine(root, "greeting.txt"), "hello\n");
        foreach (var extra in QuickstartSteps.AfterWork)
        {
            Step(here, [.. extra.Select(a => a == "TASK" ? task : a)]);
        }

        Step(here, "complete-task", task);
        Step(here, "trace", "verify");
        var sync = Step(here, "postflight");
        Step(here, "verify-marker", sync);
        ctx.Out.WriteLine();
        ctx.Out.WriteLine($"Done. Inspect it: cd {root} && kos trace {task}");
        return ExitCodes.Ok;
    }

    /// <summary>Runs one kos command in the demo repository, echoing it; stops the walk on failure.</summary>
    private static string Step(CliContext ctx, params string[] args)
    {
        ctx.Out.WriteLine("$ kos " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
        var captured = new StringWriter();
        var code = KosCli.Run(args, ctx with { Out = captured });
        ctx.Out.Write(captured.ToString());
        if (code != ExitCodes.Ok)
        {
            throw KosException.Refused($"quickstart stopped: 'kos {args[0]}' exited {code} (see above).");
        }

        return captured.ToString().Split('\n')[0].Trim();
    }
}

/// <summary>Steps between the work and completion; modules (evidence) add theirs.</summary>
internal static class QuickstartSteps
{
    public static IReadOnlyList<string[]> AfterWork { get; } = [["eval-task", "TASK"], ["report-task", "TASK"]];
}
