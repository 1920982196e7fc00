using System.ComponentModel;
using KnowledgeOS.Cli;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static KnowledgeOS.Mcp.KosToolRunner;

namespace KnowledgeOS.Mcp;

/// <summary>
/// The kernel over MCP: nine tools, each a thin call of the kos command of the same purpose.
/// Descriptions are short on purpose: every schema costs the agent context on every turn.
/// </summary>
[McpServerToolType]
internal sealed class KosTools(KosToolRunner kos)
{
    [McpServerTool(Name = "task_create"), Description("Create a task bound to spec requirements. quick=true routes, plans and claims it at once (needs scope).")]
    public CallToolResult TaskCreate(
        string title,
        [Description("Spec ID (S-…)")] string spec = "",
        [Description("Requirement IDs, e.g. [\"R1\"]")] string[] req = null!,
        string intent = "",
        [Description("Commands kos runs as evidence")] string[] eval = null!,
        bool quick = false,
        [Description("Write-scope globs (quick)")] string[] scope = null!,
        string session = "") =>
        kos.CliAs(session, ["create-task", title, .. Opt("--spec", spec), .. Repeat("--req", req), .. Opt("--intent", intent),
            .. Repeat("--eval", eval), Flag(quick, "--quick"), .. Repeat("--scope", scope), .. Opt("--session", session)]);

    [McpServerTool(Name = "task_show", ReadOnly = true), Description("Show a task (intent, requirements, plan, scope, claim), or list open tasks when task is omitted.")]
    public CallToolResult TaskShow([Description("Task ID or unique prefix")] string task = "") =>
        task.Length == 0 ? kos.Cli("list") : kos.Cli("show", task);

    [McpServerTool(Name = "task_advance"), Description("Move a task: route (scope, agent), plan (steps citing R-IDs), review (approve, reviewer, note), dispatch (session), report, complete, block/abandon/reopen (reason).")]
    public CallToolResult TaskAdvance(
        string task,
        [Description("route|plan|review|dispatch|report|complete|block|abandon|reopen")] string action,
        string[] scope = null!,
        string agent = "",
        [Description("Plan steps, e.g. \"R1: add the form\"")] string[] steps = null!,
        bool approve = true,
        string reviewer = "",
        string note = "",
        string session = "",
        string reason = "") => action.Trim().ToLowerInvariant() switch
        {
            "route" => kos.CliAs(session, ["route-task", task, .. Repeat("--scope", scope), .. Opt("--agent", agent)]),
            "plan" => kos.CliAs(session, ["plan-task", task, .. Repeat("--step", steps)]),
            "review" => kos.CliAs(session, ["review-task", task, !approve ? "--reject" : "--approve", .. Opt("--reviewer", reviewer), .. Opt("--note", note)]),
            "dispatch" => kos.CliAs(session, ["dispatch-task", task, .. Opt("--session", session), .. Opt("--agent", agent)]),
            "report" => kos.CliAs(session, ["report-task", task]),
            "complete" => kos.CliAs(session, ["complete-task", task]),
            "block" or "abandon" or "reopen" => kos.CliAs(session, [action.Trim().ToLowerInvariant(), task, .. Opt("--reason", reason)]),
            _ => Error($"kos: '{action}' is not an action; use route, plan, review, dispatch, report, complete, block, abandon or reopen."),
        };

    [McpServerTool(Name = "check_write", ReadOnly = true), Description("May the active task of this session write these paths? Answers allowed/denied per path.")]
    public CallToolResult CheckWrite(string[] paths, string task = "", string session = "") =>
        kos.Ask(session, ExitCodes.Denied, ["check-route-write", .. paths, .. Opt("--task", task), .. Opt("--session", session)]);

    [McpServerTool(Name = "capability_event"), Description("Check a tool use against the registry and record it; allowed uses return a CAPABILITY_OK marker.")]
    public CallToolResult CapabilityEvent(
        [Description("Tool name, e.g. mcp__github__create_issue, Agent, Skill, Bash")] string tool,
        string subagent_type = "",
        string skill = "",
        string task = "",
        string session = "") =>
        kos.CliAs(session, ["capability-event", tool, .. Opt("--subagent-type", subagent_type), .. Opt("--skill", skill), .. Opt("--task", task), .. Opt("--session", session)]);

    [McpServerTool(Name = "eval_run"), Description("Run the task's evals (kos runs them itself) and record the evidence.")]
    public CallToolResult EvalRun(string task) => kos.Cli("eval-task", task);

    [McpServerTool(Name = "context_pack", ReadOnly = true), Description("What an agent needs to resume a task: intent, requirements, plan, scope, decisions, evidence.")]
    public CallToolResult ContextPack(string task, [Description("Token budget")] int budget = 8000) =>
        kos.Cli("context-pack", task, "--budget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [McpServerTool(Name = "postflight", ReadOnly = true), Description("Reconcile ledger, tasks, hooks, registry and working tree; [SYNC_OK] when all hold.")]
    public CallToolResult Postflight() => kos.Cli("postflight");

    [McpServerTool(Name = "registry", ReadOnly = true), Description("List capabilities (MCP servers, skills, subagents…) with their policy, or show one by name.")]
    public CallToolResult Registry(string name = "") =>
        name.Length == 0 ? kos.Cli("registry", "list") : kos.Cli("registry", "show", name);
}
