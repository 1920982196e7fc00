using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Cli;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// Builds benchmark fixtures with the real kernel: a git repository with an initialised ledger,
/// N quick tasks (each executing, with its own scope and session) created through the normal
/// command path, capability events appended in bulk until the ledger holds M events, and with
/// --bench-task one more task (scope src/**, session "bench") for the hook benchmark.
/// </summary>
public static class Seed
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: seed DIR [--tasks N] [--events M] [--files F] [--bench-task] [--mix claude --corpus DIR]");
            return 2;
        }

        var dir = Path.GetFullPath(args[0]);
        var tasks = Option(args, "--tasks", 0);
        var events = Option(args, "--events", 0);
        var files = Option(args, "--files", 0);
        Directory.CreateDirectory(dir);
        if (!Directory.Exists(Path.Combine(dir, ".git")))
        {
            Git(dir, "init", "-q", "-b", "main");
            Git(dir, "config", "user.email", "bench@example.invalid");
            Git(dir, "config", "user.name", "bench");
            File.WriteAllText(Path.Combine(dir, "README.md"), "# bench\n");
            for (var i = 0; i < files; i++)
            {
                var sub = Path.Combine(dir, "src", $"m{i % 200:D3}");
                Directory.CreateDirectory(sub);
                File.WriteAllText(Path.Combine(sub, $"f{i:D5}.cs"), $"// file {i}\nclass C{i} {{ }}\n");
            }

            Git(dir, "add", "-A");
            Git(dir, "commit", "-qm", "fixture");
        }

        var ctx = CliContext.FromProcess() with { Cwd = dir, Out = TextWriter.Null };
        KosCli.Run(["init"], ctx);
        var sw = Stopwatch.StartNew();
        using var kernel = Kernel.Open(dir, TimeProvider.System, "user:bench", null);
        for (var i = 0; i < tasks; i++)
        {
            var r = kernel.Tasks.Create(new NewTask($"Task {i}", "benchmark task", null, [], [], Quick: true, QuickScope: [$"area{i}/**"], Session: $"s{i}"));
            if (!r.Ok)
            {
                Console.Error.WriteLine(string.Join("; ", r.Refusals));
                return 1;
            }
        }

        if (args.Contains("--bench-task"))
        {
            var bench = kernel.Tasks.Create(new NewTask("Bench task", "the hook benchmark's task", null, [], [], Quick: true, QuickScope: ["src/**"], Session: "bench"));
            Console.WriteLine(bench.Task.Id);
        }

        Console.Error.WriteLine($"{tasks} tasks in {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var count = kernel.Store.Head()!.Seq;
        var corpus = OptionText(args, "--corpus");
        var mix = OptionText(args, "--mix") == "claude" ? new ClaudeSessionMix(dir, ClaudeSessionMix.Corpus(corpus ?? Path.Combine(dir, "src"))) : null;
        while (mix is not null && count < events)
        {
            // Whole Claude Code sessions, about 1,000 events per transaction.
            count += kernel.Store.Write(w =>
            {
                var added = 0;
                while (added < 1000 && count + added < events)
                {
                    added += mix.AppendSession(kernel, w, $"T-seed{(count + added) % 97}");
                }

                return added;
            });
        }

        while (count < events)
        {
            var n = (int)Math.Min(50_000, events - count);
            kernel.Store.Write(w =>
            {
                for (var j = 0; j < n; j++)
                {
                    kernel.Capabilities.Record(w, new CapabilityUse("tool:Write", "tool", $"T-seed{j % 97}", $"seed-{j % 97}", "allowed",
                        Agent: "claude", Tool: "Write", Input: new JsonObject { ["file_path"] = $"/repo/pkg{j}/f.txt", ["content"] = "seeded" }));
                }

                return 0;
            });
            count += n;
        }

        Console.Error.WriteLine($"{events} events in {sw.Elapsed.TotalSeconds:F1} s; ledger {(File.Exists(KosProject.Locate(dir).LedgerPath) ? new FileInfo(KosProject.Locate(dir).LedgerPath).Length / 1048576.0 : 0):F0} MiB (0: a team store)");
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
    }
}
