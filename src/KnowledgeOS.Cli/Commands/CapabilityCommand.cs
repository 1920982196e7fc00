using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos capability-event TOOL</c>: decide a tool use against the registry and record it.</summary>
internal static class CapabilityCommand
{
    public static Command Build(CliContext ctx)
    {
        var tool = new Argument<string>("tool") { Description = "The agent's tool name: mcp__srv__tool, Agent, Task, Skill, Bash…" };
        var subagent = new Option<string?>("--subagent-type") { Description = "For Agent/Task: the subagent_type." };
        var skill = new Option<string?>("--skill") { Description = "For Skill: the skill's name." };
        var task = new Option<string?>("--task") { Description = "The task it serves (default: the session's executing task)." };
        var session = new Option<string?>("--session") { Description = "The agent session (default: KOS_SESSION)." };
        var cmd = new Command("capability-event", "Check a tool use against the registry and record it (CAPABILITY_OK when allowed).") { tool, subagent, skill, task, session };
        cmd.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var json = pr.GetValue(CommonOptions.Json);
            var s = pr.GetValue(session) ?? ctx.Session;
            var decision = k.DecideCapability(pr.GetValue(tool)!, pr.GetValue(subagent), pr.GetValue(skill));
            if (decision.Verdict == CapabilityVerdict.NotGoverned)
            {
                if (json)
                {
                    Output.Json(ctx, new JsonObject { ["capability"] = decision.Capability, ["verdict"] = "not-governed", ["reason"] = decision.Reason });
                }
                else
                {
                    ctx.Out.WriteLine($"{decision.Reason}; nothing recorded");
                }

                return ExitCodes.Ok;
            }

            var taskId = pr.GetValue(task) is { } t ? k.ResolveTask(k.Store, t).Id : ActiveTask(k, s);
            var record = k.RecordCapability(decision, taskId, s, new JsonObject { ["tool"] = pr.GetValue(tool), ["subagentType"] = pr.GetValue(subagent), ["skill"] = pr.GetValue(skill) });
            if (json)
            {
                Output.Json(ctx, new JsonObject
                {
                    ["capability"] = decision.Capability,
                    ["verdict"] = decision.Verdict.ToString().ToLowerInvariant(),
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
                    ctx.Out.WriteLine($"{decision.Verdict.ToString().ToLowerInvariant()} {decision.Capability} (event {record.Event.Seq})");
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
