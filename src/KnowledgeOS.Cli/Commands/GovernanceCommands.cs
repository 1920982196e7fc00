using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos accept-governance</c>: a person accepts the config and hook entries as they are now.</summary>
internal static class GovernanceCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var accept = new Command("accept-governance",
            "Accept the config and kos's hook entries as they are now, after a person changed them on purpose (a person's decision in every strictness; postflight and complete-task then stop naming that drift).");
        accept.SetAction(pr => Accept(ctx, pr.GetValue(CommonOptions.Json)));
        yield return accept;
    }

    private static int Accept(CliContext ctx, bool json)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var (drift, _) = k.Governance.Drift(k.Project);
        var e = k.Governance.SealAll(k.Project, "accept-governance");
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["accepted"] = Output.Strings([.. drift.Select(d => d.Message)]), ["seq"] = e?.Seq });
            return ExitCodes.Ok;
        }

        foreach (var d in drift)
        {
            ctx.Out.WriteLine($"accepted: {d.Message}");
        }

        ctx.Out.WriteLine(e is null
            ? "Governance already matches what kos recorded; nothing changed."
            : $"Recorded the config and kos's hook entries as they are now (event {e.Seq}).");
        return ExitCodes.Ok;
    }
}
