namespace KnowledgeOS.Approvals;

/// <summary>
/// A human decision an agent asked for (<c>Q-…</c>): the exact command, who asked, and its answer.
/// A grant is one-shot: the same agent session re-running the same command uses it up.
/// </summary>
public sealed record ApprovalRequest(
    string Id,
    string Decision,
    string Summary,
    IReadOnlyList<string> Command,
    string RequestedBy,
    string? Session,
    string? Task,
    string Evidence,
    string Status,
    string RequestedAt,
    string? AnsweredBy = null,
    string? AnsweredAt = null,
    string? Note = null,
    string? UsedAt = null)
{
    public const string Pending = "pending";
    public const string Granted = "granted";
    public const string Denied = "denied";
    public const string Used = "used";

    /// <summary>The command as a person would type it.</summary>
    public string CommandLine => "kos " + string.Join(' ', Command.Select(Quote));

    private static string Quote(string a) =>
        a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '@') ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>What the queue said to an agent's human-only command.</summary>
public sealed record ApprovalVerdict(bool Allowed, ApprovalRequest? Request, bool New)
{
    public static readonly ApprovalVerdict Person = new(true, null, false);
}
