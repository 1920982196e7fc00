using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos capability-event TOOL</c>: decide a tool use against the registry and record it.</summary>
internal static class CapabilityCommand
{
    public static Command Build(CliContext ctx)
    {
        var tool = new Argument<string?>("tool") { Description = "The agent's tool name: mcp__srv__tool, Agent, Task, Skill, Bash… (or use --kind and --name)", Arity = ArgumentArity.ZeroOrOne };
        var kind = new Option<string?>("--kind") { Description = "mcp, skill, subagent, shell or script (with --name), instead of a tool name." };
        var name = new Option<string?>("--name") { Description = "With --kind: server/tool for mcp, the subagent, skill, shell or script name." };
        var subagent = new Option<string?>("--subagent-type") { Description = "For Agent/Task: the subagent_type." };
        var skill = new Option<string?>("--skill") { Description = "For Skill: the skill's name." };
        var task = new Option<string?>("--task") { Description = "The task it serves (default: the session's executing task)." };
        var session = new Option<string?>("--session") { Description = "The agent session (default: KOS_SESSION)." };
        var cmd = new Command("capability-event", "Check a tool use against the registry and record it (CAPABILITY_OK when allowed).") { tool, kind, name, subagent, skill, task, session };
        cmd.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var json = pr.GetValue(CommonOptions.Json);
            var s = pr.GetValue(session) ?? ctx.Session;
            var (toolName, subagentType, skillName) = ByKind(pr.GetValue(tool), pr.GetValue(kind), pr.GetValue(name), pr.GetValue(subagent), pr.GetValue(skill));
            var use = ToolUse.Classify(toolName, subagentType, skillName);
            var decision = k.Registry.DecideCapability(k.Store, use);
            if (decision.Verdict == CapabilityVerdict.NotGoverned)
            {
                if (json)
                {
                    Output.Json(ctx, new JsonObject { ["capability"] = decision.Capability, ["verdict"] = decision.Name, ["reason"] = decision.Reason });
                }
                else
                {
                    ctx.Out.WriteLine($"{decision.Reason}; nothing recorded");
                }

                return ExitCodes.Ok;
            }

            var taskId = pr.GetValue(task) is { } t ? k.Tasks.Resolve(k.Store, t).Id : ActiveTask(k, s);
            var record = k.Capabilities.Record(use, decision, taskId, s);
            if (json)
            {
                Output.Json(ctx, new JsonObject
                {
                    ["capability"] = decision.Capability,
                    ["verdict"] = decision.Name,
                    ["entry"] = decision.EntryKey,
                    ["reason"] = decision.Reason,
                    ["warning"] = decision.Warning,
                    ["task"] = taskId,
                    ["seq"] = record.Event.Seq,
                    ["marker"] = record.Marker,
                });
            }
            else
            {
                if (record.Marker is { } marker)
                {
                    ctx.Out.WriteLine(marker);
                }
                else if (decision.Verdict != CapabilityVerdict.Deny)
                {
                    ctx.Out.WriteLine($"{decision.Name} {decision.Capability} (event {record.Event.Seq})");
                }

                if (decision.Warning is { } w)
                {
                    ctx.Err.WriteLine($"  warning: {w}");
                }

                if (decision.Verdict is CapabilityVerdict.Deny or CapabilityVerdict.Unknown)
                {
                    ctx.Err.WriteLine($"kos: {(decision.Refused ? "refused: " : "")}{decision.Reason}");
                }
            }

            return decision.Refused ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Turns <c>--kind mcp --name srv/tool</c> (for agents without hooks) into the tool name an agent would use.</summary>
    private static (string Tool, string? Subagent, string? Skill) ByKind(string? tool, string? kind, string? name, string? subagent, string? skill)
    {
        if (kind is null)
        {
            return (tool ?? throw KosException.Input("Name the tool (kos capability-event mcp__srv__tool), or pass --kind KIND --name NAME."), subagent, skill);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw KosException.Input($"--kind {kind} needs --name (e.g. --kind mcp --name github/create_issue).");
        }

        name = name.Trim();
        return kind switch
        {
            "mcp" => (name.Contains('/', StringComparison.Ordinal) ? $"mcp__{name.Replace("/", "__", StringComparison.Ordinal)}" : $"mcp__{name}", null, null),
            "subagent" => ("Agent", name, null),
            "skill" => ("Skill", null, name),
            "shell" => ("Bash", null, null),
            "script" => ($"script:{name}", null, null),
            _ => throw KosException.Input($"--kind {kind}: say mcp, skill, subagent, shell or script."),
        };
    }

    /// <summary>The task this session is executing, if exactly one.</summary>
    internal static string? ActiveTask(Kernel k, string? session)
    {
        if (session is null)
        {
            return null;
        }

        var mine = k.Store.ListTasks().Where(r => r.Session == session && r.Phase == "execute").ToList();
        return mine.Count == 1 ? mine[0].Id : null;
    }
}
