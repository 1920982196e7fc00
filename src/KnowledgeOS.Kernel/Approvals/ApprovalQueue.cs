using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Json;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Approvals;

/// <summary>
/// The human approval queue with one-shot grants. A human-only command from an agent's context is
/// refused and filed here (<c>approval.requested</c>); a person answers (<c>approval.granted</c> /
/// <c>approval.denied</c>); the same agent session re-running the same command uses the grant up
/// (<c>approval.used</c>). The CLI, the MCP server and the workbench all call this one service.
/// Projection: records of kind <c>approval</c>, keyed by request ID.
/// </summary>
internal sealed class ApprovalQueue(Kernel kernel) : IApprovals
{
    public const string RecordKind = "approval";

    private static bool IsAgent(string actor) => actor.StartsWith("agent:", StringComparison.Ordinal);

    /// <summary>
    /// Whether the kernel's actor may take <paramref name="decision"/> now. A person may; an agent may
    /// only with an unused grant for exactly this command, which this call uses up. Otherwise the
    /// request is filed (or the pending one for the same command is returned) and the caller refuses.
    /// </summary>
    public ApprovalVerdict Authorize(HumanDecision decision, IReadOnlyList<string> command, string? task, string evidence)
    {
        // The strictness kos recorded with the config counts when it is higher: an agent that lowered it by editing the file gains nothing.
        var level = Governance.GovernanceSeal.Read(kernel.Store, kernel.Project)?.SealedStrictness is { } sealedLevel && sealedLevel > kernel.Config.Strictness
            ? sealedLevel
            : kernel.Config.Strictness;
        if (!IsAgent(kernel.Actor) || !HumanDecisions.IsHumanOnly(decision, level))
        {
            return ApprovalVerdict.Person;
        }

        return kernel.Store.Write(w =>
        {
            var mine = All(w).Where(q => q.RequestedBy == kernel.Actor && q.Decision == decision.Name() && q.Command.SequenceEqual(command)).ToList();
            if (mine.FirstOrDefault(q => q.Status == ApprovalRequest.Granted) is { } grant)
            {
                var used = grant with { Status = ApprovalRequest.Used, UsedAt = kernel.Now() };
                kernel.Append(w, EventCatalog.ApprovalUsed, task, new ApprovalRecorded(grant.Id, grant.Decision, command));
                Put(w, used);
                return new ApprovalVerdict(true, used, false);
            }

            if (mine.FirstOrDefault(q => q.Status == ApprovalRequest.Pending) is { } pending)
            {
                return new ApprovalVerdict(false, pending, false);
            }

            var request = new ApprovalRequest(Ids.New('Q'), decision.Name(), decision.Describe(), [.. command], kernel.Actor,
                kernel.Session, task, evidence, ApprovalRequest.Pending, kernel.Now());
            kernel.Append(w, EventCatalog.ApprovalRequested, task, new ApprovalRecorded(request.Id, request.Decision, command, evidence));
            Put(w, request);
            return new ApprovalVerdict(false, request, true);
        });
    }

    /// <summary>The requests, newest first; pending only unless <paramref name="all"/>.</summary>
    public IReadOnlyList<ApprovalRequest> List(bool all = false) =>
        All(kernel.Store).Where(q => all || q.Status == ApprovalRequest.Pending).OrderByDescending(q => q.RequestedAt, StringComparer.Ordinal).ThenBy(q => q.Id, StringComparer.Ordinal).ToList();

    /// <summary>A person grants (once) or denies a pending request. Agents cannot answer.</summary>
    public ApprovalRequest Answer(string id, bool grant, string? note)
    {
        if (IsAgent(kernel.Actor))
        {
            throw KosException.Refused($"only a person can answer an approval request; {kernel.Actor} is an agent. Ask the user to run 'kos {(grant ? "approve" : "deny")} {id}'.");
        }

        return kernel.Store.Write(w =>
        {
            var request = Find(w, id);
            if (request.Status != ApprovalRequest.Pending)
            {
                throw KosException.Refused($"{request.Id} is already {request.Status}{(request.AnsweredBy is null ? "" : " by " + request.AnsweredBy)}; only a pending request can be answered.");
            }

            var answered = request with
            {
                Status = grant ? ApprovalRequest.Granted : ApprovalRequest.Denied,
                AnsweredBy = kernel.Actor,
                AnsweredAt = kernel.Now(),
                Note = note,
            };
            kernel.Append(w, grant ? EventCatalog.ApprovalGranted : EventCatalog.ApprovalDenied, request.Task,
                new ApprovalRecorded(request.Id, request.Decision, RequestedBy: request.RequestedBy, Note: note));
            Put(w, answered);
            return answered;
        });
    }

    /// <summary>A request by ID or unique prefix (with or without "Q-").</summary>
    public ApprovalRequest Find(ILedgerReader r, string input)
    {
        var wanted = input.Trim();
        var normal = wanted.StartsWith("Q-", StringComparison.OrdinalIgnoreCase) ? "Q-" + wanted[2..] : "Q-" + wanted;
        var matches = All(r).Where(q => q.Id.StartsWith(normal, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw KosException.Input($"no approval request '{input}'. 'kos requests' lists the pending ones."),
            _ => matches.FirstOrDefault(q => string.Equals(q.Id, normal, StringComparison.OrdinalIgnoreCase))
                 ?? throw KosException.Input($"'{input}' matches several requests: {string.Join(", ", matches.Take(5).Select(m => m.Id))}. Give more of the ID."),
        };
    }

    private static IEnumerable<ApprovalRequest> All(ILedgerReader r) =>
        r.ListRecords(RecordKind).Select(x => JsonSerializer.Deserialize(x.Value, KernelJson.Default.ApprovalRequest)!);

    private static void Put(ILedgerWriter w, ApprovalRequest q) =>
        w.PutRecord(RecordKind, q.Id, q.Task, JsonSerializer.Serialize(q, KernelJson.Default.ApprovalRequest));
}
