namespace KnowledgeOS.Serve.Views;

/// <summary>An approval request waiting for a person: a human-only command an agent tried.</summary>
internal sealed record PendingRequest(string Id, string Command, string RequestedBy, string? Task, string Time, string? Reason);

/// <summary>
/// The approval queue as the pages see it. The seam to the kernel's approval service (issue 10, the
/// fence): listing, approving and denying are its decisions; the workbench only translates.
/// </summary>
internal static class Requests
{
    public static IReadOnlyList<PendingRequest> Pending(Kernel k) =>
        [.. k.Approvals.List().Select(q => new PendingRequest(q.Id, q.CommandLine, q.RequestedBy, q.Task, q.RequestedAt, q.Summary))];

    /// <summary>Grants (once) or denies the request as the kernel's actor (the person running kos serve).</summary>
    public static string Decide(Kernel k, string id, bool approve, string? reason)
    {
        var q = k.Approvals.Answer(id, approve, reason);
        return approve ? $"Granted {q.Id} once: {q.RequestedBy} may run '{q.CommandLine}' one time." : $"Denied {q.Id}.";
    }
}
