namespace KnowledgeOS.Serve.Views;

/// <summary>An approval request waiting for a person: a human-only command an agent tried.</summary>
internal sealed record PendingRequest(string Id, string Command, string RequestedBy, string? Task, string Time, string? Reason);

/// <summary>
/// The approval queue as the pages see it. The seam to the kernel's approval service (issue 10, the
/// fence): listing, approving and denying are its decisions; the workbench only translates.
/// </summary>
internal static class Requests
{
    public static IReadOnlyList<PendingRequest> Pending(Kernel k)
    {
        _ = k;
        return [];
    }

    /// <summary>Grants the request as the kernel's actor (the person running kos serve).</summary>
    public static string Decide(Kernel k, string id, bool approve, string? reason)
    {
        _ = (k, approve, reason);
        throw KosException.Environment($"This kos has no approval queue yet, so {id} cannot be answered here.");
    }
}
