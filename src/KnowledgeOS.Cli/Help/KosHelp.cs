using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace KnowledgeOS.Cli.Help;

/// <summary>
/// kos's --help: System.CommandLine's own text, then the command's examples (<see cref="HelpExamples"/>) and the
/// exit codes (<see cref="ExitCodes.Documented"/>). Applied to every command tree kos and its extensions parse.
/// </summary>
internal static class KosHelp
{
    public static RootCommand Customise(RootCommand root)
    {
        var paths = new Dictionary<Command, string>();
        Walk(root, "", paths);
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction inner } help)
            {
                help.Action = new WithExamples(inner, paths);
            }
        }

        return root;
    }

    private static void Walk(Command command, string path, Dictionary<Command, string> paths)
    {
        paths[command] = path;
        foreach (var sub in command.Subcommands)
        {
            Walk(sub, (path + " " + sub.Name).Trim(), paths);
        }
    }

    /// <summary>The examples and exit codes printed after the usage of <paramref name="path"/>.</summary>
    public static void WriteFooter(TextWriter output, string path)
    {
        if (HelpExamples.ByCommand.TryGetValue(path, out var examples))
        {
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Documented)
        {
            output.WriteLine($"  {code,-3} {meaning}");
        }

        output.WriteLine("  With --json a failure prints {\"error\":{\"code\",\"message\",\"exit\"}} on stdout (docs/schema/error.schema.json).");
        output.WriteLine();
    }

    /// <summary>The help action, then the footer; like it, it clears parse errors (--help works without the required arguments).</summary>
    internal sealed class WithExamples(HelpAction inner, Dictionary<Command, string> paths) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            WriteFooter(parseResult.InvocationConfiguration.Output, paths.GetValueOrDefault(parseResult.CommandResult.Command, ""));
            return code;
        }
    }
}
