namespace KnowledgeOS.Tasks;

/// <summary>The command that moves a task on from where it is (what <c>kos next</c> says).</summary>
public static class NextStep
{
    /// <param name="configEvals">True when config.toml gives every task evals ([evals] default).</param>
    public static string For(TaskState t, bool configEvals = false) => t.Phase switch
    {
        Phase.Intake => $"kos route-task {t.Id} --scope 'GLOB' --agent NAME",
        Phase.Route => $"kos plan-task {t.Id} --step \"R1: …\"",
        Phase.Plan => $"kos review-task {t.Id} --approve",
        Phase.Review => $"kos dispatch-task {t.Id} --session ID",
        Phase.Dispatch or Phase.Execute when t.Evals.Count == 0 && t.SpecId is null && !configEvals =>
            $"kos add-eval \"YOUR TEST COMMAND\" --task {t.Id}   (then kos eval-task {t.Id} && kos complete-task {t.Id})",
        Phase.Dispatch or Phase.Execute => $"kos eval-task {t.Id} && kos complete-task {t.Id}",
        Phase.Report => $"kos complete-task {t.Id}",
        Phase.Blocked => $"kos reopen {t.Id}",
        _ => "kos create-task \"TITLE\" --quick --scope PATH",
    };
}
