namespace KnowledgeOS.Launch;

/// <summary><c>kernel.Launch</c>: <c>kos agent</c>: which task a fresh agent session starts on, and its claim.</summary>
public interface ILaunch
{
    /// <summary>
    /// Takes the task for a fresh agent session (a UUID): creates the quick task (claimed by it), or
    /// claims the named or default task. A live claim held by a name that never acted through a hook
    /// (the placeholder of a quick task, a session given to dispatch) is handed over; a live claim of
    /// an agent that is working is refused. Refusals are <see cref="KosException"/>s naming the fix.
    /// </summary>
    AgentLaunch Prepare(LaunchRequest request);
}
