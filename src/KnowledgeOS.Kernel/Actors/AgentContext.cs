namespace KnowledgeOS.Actors;

/// <summary>
/// An agent's context, as kos recognised it: which agent, which of its sessions (when known), and
/// the signal that gave it away (for the record and for the person reading a refusal).
/// </summary>
public sealed record AgentContext(string Agent, string? Session, string Evidence)
{
    /// <summary>The ledger actor: <c>agent:claude/SESSION</c> (<c>…/unknown</c> when no session is known).</summary>
    public string Actor => ActorOf(Agent, Session);

    public static string ActorOf(string agent, string? session) => $"agent:{agent}/{(string.IsNullOrEmpty(session) ? "unknown" : session)}";
}
