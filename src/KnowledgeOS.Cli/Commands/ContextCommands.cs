using System.CommandLine;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>context-pack</c> and <c>verify-context</c>.</summary>
internal static class ContextCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        _ = ctx;
        yield break;
    }
}
