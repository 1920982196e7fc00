namespace KnowledgeOS.Hooks;

/// <summary><c>kernel.Hooks</c>: every decision an agent's hook depends on (write check, registry, reconciliation, Stop gate, session binding).</summary>
public interface IAgentHooks
{
    HookDecision PreTool(AgentCall c);

    /// <summary>A post-tool call whose tree reading began before the ledger was opened (<see cref="AgentHooks.BeginPostTool"/>).</summary>
    HookDecision PostTool(AgentCall c, PostToolStart start);

    /// <summary>Session start (and after compaction, so the intent survives): the task's context pack, or how to get a task.</summary>
    HookDecision SessionStart(AgentCall c, bool compacted);

    /// <summary>The Stop gate (<see cref="StopGate"/>), recorded; blocks unless evidence strictness is advisory or off.</summary>
    HookDecision Stop(AgentCall c, bool subagent);

    HookDecision Prompt(AgentCall c);

    /// <summary>An event kos only records (session end, notifications…), its payload redacted.</summary>
    HookDecision Record(AgentCall c, bool sessionEnded);

    /// <summary>A payload kos cannot read: recorded as a digest and a redacted, bounded excerpt.</summary>
    void Malformed(string agent, string eventName, string error, string input);
}
