namespace KnowledgeOS.Tasks;

/// <summary>
/// The legal transitions. Structural, not a matter of strictness: even in advisory mode a task
/// cannot jump from intake to done. Gates (which strictness does govern) run on top.
/// </summary>
public static class Lifecycle
{
    public static IReadOnlyList<Phase> Next(Phase from) => from switch
    {
        Phase.Intake => [Phase.Route, Phase.Blocked, Phase.Abandoned],
        Phase.Route => [Phase.Route, Phase.Plan, Phase.Blocked, Phase.Abandoned],
        Phase.Plan => [Phase.Plan, Phase.Review, Phase.Dispatch, Phase.Blocked, Phase.Abandoned],
        Phase.Review => [Phase.Plan, Phase.Dispatch, Phase.Blocked, Phase.Abandoned],
        Phase.Dispatch => [Phase.Execute, Phase.Blocked, Phase.Abandoned],
        Phase.Execute => [Phase.Report, Phase.Blocked, Phase.Abandoned],
        Phase.Report => [Phase.Done, Phase.Execute, Phase.Blocked, Phase.Abandoned],
        // Reopening: a blocked task returns where it was; closed tasks go back to planning.
        Phase.Blocked => [Phase.Route, Phase.Plan, Phase.Review, Phase.Dispatch, Phase.Execute, Phase.Report, Phase.Abandoned],
        Phase.Done or Phase.Abandoned => [Phase.Plan],
        _ => [],
    };

    public static bool IsLegal(Phase from, Phase to) => Next(from).Contains(to);

    /// <summary>The message for an illegal move: where the task is and which commands move it on.</summary>
    public static string Explain(TaskState task, Phase to)
    {
        var next = Next(task.Phase).Where(p => p != task.Phase).Select(p => Command(task.Phase, p)).Distinct();
        return $"{task.Id} is in phase {task.Phase.Name()}; it cannot move to {to.Name()}. Legal next: {string.Join(", ", next)}.";
    }

    private static string Command(Phase from, Phase to) => (from, to) switch
    {
        (Phase.Blocked or Phase.Done or Phase.Abandoned, not Phase.Abandoned) => "kos reopen",
        (_, Phase.Route) => "kos route-task",
        (_, Phase.Plan) => "kos plan-task",
        (_, Phase.Review) => "kos review-task",
        (_, Phase.Dispatch) => "kos dispatch-task",
        (_, Phase.Execute) => "kos reopen",
        (_, Phase.Report) => "kos report-task",
        (_, Phase.Done) => "kos complete-task",
        (_, Phase.Blocked) => "kos block",
        _ => "kos abandon",
    };
}
