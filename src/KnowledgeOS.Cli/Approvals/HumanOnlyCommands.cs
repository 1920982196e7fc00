using System.CommandLine;
using KnowledgeOS.Approvals;

namespace KnowledgeOS.Cli.Approvals;

/// <summary>
/// Which human decision a parsed command asks for (the CLI's translation into the kernel's
/// vocabulary; the rule of who may take it lives in <see cref="HumanDecisions"/>).
/// </summary>
internal static class HumanOnlyCommands
{
    /// <summary>The decision and the task it concerns, or null for a command anyone may run.</summary>
    public static (HumanDecision Decision, string? Task)? Classify(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = command.Parents.OfType<Command>().Where(c => c is not RootCommand).Select(c => c.Name).Append(command.Name);
        var task = Value<string>(parsed, "task");
        return string.Join(' ', path) switch
        {
            "review-task" => (HumanDecision.Review, task),
            "route-task" => (HumanDecision.Route, task),
            "block" => (HumanDecision.Block, task),
            "reopen" => (HumanDecision.Reopen, task),
            "abandon" => (HumanDecision.Abandon, task),
            "create-task" when Value<bool>(parsed, "--quick") || (Value<string[]>(parsed, "--scope") ?? []).Length > 0 => (HumanDecision.QuickTask, null),
            "release" => (HumanDecision.ReleaseOther, task),
            "align-spec" when Value<bool>(parsed, "--accept") => (HumanDecision.AcceptDrift, task),
            "registry set-policy" or "registry add" => (HumanDecision.RegistryPolicy, null),
            "hooks install" or "hooks uninstall" => (HumanDecision.Hooks, null),
            "init" => (HumanDecision.Init, null),
            "config" or "config set" => (HumanDecision.Config, null),
            "doctor" when Value<bool>(parsed, "--fix") || (Value<string[]>(parsed, "--yes") ?? []).Length > 0 => (HumanDecision.DoctorFix, null),
            "complete-task" => (HumanDecision.Complete, task),
            "agent" => (HumanDecision.LaunchAgent, Value<string>(parsed, "--task")),
            "assign-change" => (HumanDecision.AssignChange, Value<string>(parsed, "--task")),
            "acknowledge-loss" => (HumanDecision.AcknowledgeLoss, task),
            "ledger archive" => (HumanDecision.ArchiveLedger, null),
            "accept-governance" => (HumanDecision.AcceptGovernance, null),
            _ => null,
        };
    }

    /// <summary>The MCP tool an agent uses instead of this command when its shell cannot write the ledger.</summary>
    public static string? McpTool(string command) => command switch
    {
        "route-task" or "plan-task" or "review-task" or "dispatch-task" or "report-task" or "complete-task" or "block" or "abandon" or "reopen" => "task_advance",
        "create-task" => "task_create",
        "eval-task" => "eval_run",
        "context-pack" => "context_pack",
        "check-route-write" => "check_write",
        "capability-event" => "capability_event",
        "postflight" => "postflight",
        _ => null,
    };

    private static T? Value<T>(ParseResult parsed, string name)
    {
        var command = parsed.CommandResult.Command;
        if (command.Options.FirstOrDefault(o => o.Name == name) is Option<T> option)
        {
            return parsed.GetValue(option);
        }

        return command.Arguments.FirstOrDefault(a => a.Name == name) is Argument<T> argument ? parsed.GetValue(argument) : default;
    }
}
