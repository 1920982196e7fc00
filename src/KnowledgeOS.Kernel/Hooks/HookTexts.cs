using KnowledgeOS.Capabilities;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Hooks;

/// <summary>What the model reads when kos refuses or blocks: one place, so the texts are snapshot-tested.</summary>
internal static class HookTexts
{
    /// <summary>Session start without a task; names this session when the hook knows it, so the commands can be run as they are.</summary>
    public static string NoTaskAtStart(string? session) =>
        $"KnowledgeOS governs this repository, and no task is bound to this session{(session is null ? "" : $" ({session})")}: file writes are refused until a person " +
        $"binds one ('kos agent claude --task T-…', or 'kos dispatch-task T-… --session {session ?? "<this session's ID>"}'). Asking for a quick task " +
        "(MCP tool task_create with quick=true and a scope) files an approval request that a person answers.";

    public static string WriteDenied(ToolUse use, IReadOnlyList<PathDecision> denied, TaskState? task, string? session)
    {
        var what = use.Shell is not null ? $"this {use.Tool} command writes" : $"{use.Tool} to";
        if (denied.All(d => d.Code == WriteCodes.NoTask))
        {
            return $"kos: {what} {Names(denied)} refused: this session ({session ?? "unknown"}) has no active task. " +
                   $"A person binds a task to it ('kos agent AGENT --task T-…' or 'kos dispatch-task T-… --session {session ?? "<this session's ID>"}'); for a small fix, " +
                   $"ask for a quick task ('kos create-task \"TITLE\" --quick --scope GLOB --session {session ?? "<this session's ID>"}', or the MCP tool task_create with " +
                   "quick=true): that files an approval request a person answers. Then retry.";
        }

        if (task is null && denied.All(d => d.Code is WriteCodes.NoTask or WriteCodes.OtherTask))
        {
            // Not a scope to widen: this session has no task, and the path is another task's.
            var owners = string.Join(", ", denied.Select(d => d.Owner).OfType<string>().Distinct());
            return $"kos: {what} {Names(denied)} refused: {string.Join("; ", denied.Select(d => d.Reason))}. " +
                   $"This session ({session ?? "unknown"}) has no task of its own. If it is meant to work on {owners}, a person " +
                   $"binds it here ('kos agent AGENT --task {owners}' or 'kos dispatch-task {owners} --session SESSION'); otherwise " +
                   "leave that task's files alone and ask for a task of your own. Then retry.";
        }

        var protectedOnes = denied.Any(d => d.Code == WriteCodes.Protected);
        return $"kos: {what} {Names(denied)} refused: {string.Join("; ", denied.Select(d => Reason(d, task)))}. " +
               (task is null ? "" : $"Task {task.Id} (\"{task.Title}\") may write only {string.Join(", ", task.Scope)}. ") +
               (protectedOnes ? "Protected paths are never writable by agents. " : "") +
               "Keep your changes inside the scope; if this file really must change, stop and ask the user to re-route the task " +
               $"('kos route-task {task?.Id ?? "T-…"} --scope …') or to create a separate task for it.";
    }

    /// <summary>A denial's reason as the model reads it: the scope and the way to widen it are said once, after it.</summary>
    private static string Reason(PathDecision d, TaskState? task) =>
        d.Code == WriteCodes.OutOfScope && task is not null ? $"{d.Path ?? d.Input} is outside the task's scope" : d.Reason;

    public static string Reconciled(ToolUse use, IReadOnlyList<PathDecision> bad, TaskState? task) =>
        $"kos: {use.Capability} changed {Names(bad)} outside the write scope{(task is null ? " (no active task)" : $" of {task.Id} ({string.Join(", ", task.Scope)})")}. " +
        "This is recorded as a scope violation and blocks completing the task until it is undone: revert those files " +
        "(git checkout -- FILE, or delete a new file) or ask the user to re-route the task.";

    public static string SpecialistDenied(ToolUse use, string subagent, Registry.CapabilityDecision restricted) =>
        $"kos: {use.Tool} refused inside the {subagent} subagent: {restricted.Reason}. " +
        "Do this part with a tool it is declared to use, or hand it back to the main agent.";

    /// <summary>How the agent runs the evals: the command, or inside a fence (where its shell cannot write the ledger) the MCP tool.</summary>
    private static string RunEvals(string taskId, bool fenced) => fenced
        ? $"call the kos MCP server's 'eval_run' tool with task {taskId} (your shell is fenced: 'kos eval-task' cannot record evidence from it)"
        : $"run 'kos eval-task {taskId}'";

    /// <summary>Why the agent may not stop, each problem once, then what to do, once (the problems carry no advice of their own).</summary>
    public static string StopBlocked(TaskState? task, IEnumerable<string> problems, bool fenced = false) =>
        $"kos: do not stop yet{(task is null ? "" : $" — task {task.Id} (\"{task.Title}\") is in phase {task.Phase.Name()}")}: " +
        string.Join("; ", problems.Distinct()) + ". " +
        (task is null ? "Do not claim what the ledger does not back." : $"Now {RunEvals(task.Id, fenced)}, fix any failure, and only then report done.");

    public static string FinishHint(string taskId, bool fenced = false) =>
        $"\n\nkos: to finish, {RunEvals(taskId, fenced)} (kos runs the evals itself and records evidence), then " +
        (fenced ? "move it on with the MCP tool 'task_advance'.\n" : $"'kos complete-task {taskId}'.\n");

    private static string Names(IEnumerable<PathDecision> paths) =>
        string.Join(", ", paths.Select(p => p.Path is { } rel && !rel.StartsWith("..", StringComparison.Ordinal) ? rel : p.Input));
}
