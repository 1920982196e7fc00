using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Events;
using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>The <see cref="IWriteChecks"/> service, created once per kernel.</summary>
internal sealed partial class WriteChecks(Kernel kernel) : IWriteChecks
{
    private RepoPaths? _paths;
    private ProtectedPaths? _protected;

    /// <summary>The path normaliser for this work tree (probes the file system once).</summary>
    public RepoPaths Paths => _paths ??= new RepoPaths(kernel.Project.Root);

    public ProtectedPaths Protected => _protected ??= new ProtectedPaths(kernel.Config.ProtectedPatterns);

    /// <summary>
    /// The task a caller acts for: the one named; else the one whose claim the session holds; else
    /// the one this git worktree is bound to (<c>kos bind</c>).
    /// </summary>
    public (TaskState? Task, ActingVia Via) ResolveActing(ILedgerReader r, string? taskId, string? session)
    {
        if (!string.IsNullOrWhiteSpace(taskId))
        {
            return (kernel.Tasks.Resolve(r, taskId), ActingVia.Task);
        }

        if (!string.IsNullOrWhiteSpace(session))
        {
            // A session holding several claims acts for the most recently claimed one.
            var claimed = kernel.Claims.ClaimsOf(r, session).OrderByDescending(t => t.Claim!.ClaimedAt, StringComparer.Ordinal).FirstOrDefault();
            if (claimed is not null)
            {
                return (claimed, ActingVia.Session);
            }
        }

        if (WorktreeBinding.Read(kernel.Project) is { } bound && kernel.FindTask(r, bound) is { } t)
        {
            return (t, ActingVia.Worktree);
        }

        return (null, ActingVia.None);
    }

    /// <summary>
    /// The hook's question on every write: may the acting task (see <see cref="ResolveActing"/>)
    /// write each path? Paths are resolved as the file system would (symlinks, <c>..</c>, case,
    /// NFC) relative to <paramref name="cwd"/> (default: the work tree root). Read-only when every
    /// path is allowed; a denial is recorded as a <c>write.denied</c> event (unless <paramref name="record"/> is false).
    /// Inside a write, pass its writer as <paramref name="reader"/> (and <paramref name="record"/> false).
    /// <paramref name="level"/>: the scope strictness to judge by (default: the configured one).
    /// </summary>
    public WriteCheck Check(IReadOnlyList<string> paths, string? taskId, string? session, string? cwd = null, bool record = true, ILedgerReader? reader = null, Strictness? level = null)
    {
        var r = reader ?? kernel.Store;
        var (acting, via) = ResolveActing(r, taskId, session);
        var enforce = GateRunner.Standard(level ?? kernel.Config.For("scope")) == Enforcement.Enforce;
        var actingScope = acting is null ? null : WriteScope.Compile(acting.Scope);
        var compiled = new Dictionary<string, WriteScope>(StringComparer.Ordinal);
        var decisions = new List<PathDecision>(paths.Count);
        foreach (var input in paths)
        {
            var d = Decide(r, input, cwd ?? kernel.Project.Root, acting, actingScope, compiled);
            if (!d.Allowed && !enforce && d.Code is not (WriteCodes.Outside or WriteCodes.Protected or WriteCodes.Invalid))
            {
                d = d with { Allowed = true, Reason = "advisory: " + d.Reason };
            }

            decisions.Add(d);
        }

        var check = new WriteCheck(acting?.Id, session, via, decisions, !enforce, null);
        var flagged = decisions.Where(d => !d.Allowed || d.Reason.StartsWith("advisory: ", StringComparison.Ordinal)).ToList();
        if (!record || flagged.Count == 0)
        {
            return check;
        }

        var e = kernel.Store.Write(w => kernel.Append(w, check.Allowed ? EventCatalog.WriteWarned : EventCatalog.WriteDenied, acting?.Id ?? flagged.Select(f => f.Owner).FirstOrDefault(o => o is not null),
            new WriteChecked(via.ToString().ToLowerInvariant(), flagged.Select(d => new PathChecked(d.Input, d.Path, d.Allowed, d.Code, d.Reason, d.Owner)).ToList()), session));
        return check with { RecordedSeq = e.Seq };
    }

    private PathDecision Decide(ILedgerReader r, string input, string cwd, TaskState? acting, WriteScope? actingScope, Dictionary<string, WriteScope> compiled)
    {
        var resolved = Paths.Resolve(input, cwd);
        if (resolved.Relative is not { } rel)
        {
            var code = resolved.Problem!.StartsWith("outside", StringComparison.Ordinal) ? WriteCodes.Outside : WriteCodes.Invalid;
            return new PathDecision(input, null, false, code, resolved.Problem, null);
        }

        if (Protected.Why(rel) is { } why)
        {
            return new PathDecision(input, rel, false, WriteCodes.Protected, $"protected: {why}", null);
        }

        if (acting is not null && actingScope!.Matches(rel))
        {
            return acting.Phase == Phase.Execute
                ? new PathDecision(input, rel, true, WriteCodes.Allowed, $"in {acting.Id}'s scope", acting.Id)
                : new PathDecision(input, rel, false, WriteCodes.NotExecuting,
                    $"{acting.Id} is in phase {acting.Phase.Name()}, not execute; dispatch it first ('kos dispatch-task {acting.Id} --session …')", acting.Id);
        }

        // Only the scopes the prefix tree files under this path or its folders (or anywhere) can cover it.
        ScopeEntry? owner = null;
        foreach (var entry in ScopeIndex.MayCover(r, rel))
        {
            // Most scopes start with a plain folder; a path outside it needs no compiled scope.
            if (entry.Task == acting?.Id || !ScopeIndex.CouldMatch(entry.Scope, rel))
            {
                continue;
            }

            if (!compiled.TryGetValue(entry.Task, out var scope))
            {
                compiled[entry.Task] = scope = WriteScope.Compile(entry.Scope);
            }

            if (scope.Matches(rel))
            {
                owner = entry;
                break;
            }
        }

        if (owner is not null)
        {
            return new PathDecision(input, rel, false, WriteCodes.OtherTask,
                $"{rel} belongs to {owner.Task}'s scope ({string.Join(" ", owner.Scope)}){(owner.Session is null ? "" : $", claimed by session {owner.Session}")}", owner.Task);
        }

        return acting is null
            ? new PathDecision(input, rel, false, WriteCodes.NoTask,
                "no active task for this session: dispatch one ('kos dispatch-task T --session S'), set KOS_TASK, or run 'kos bind T' in this worktree", null)
            : new PathDecision(input, rel, false, WriteCodes.OutOfScope,
                $"{rel} is outside {acting.Id}'s scope ({string.Join(" ", acting.Scope)}); widen it with 'kos route-task {acting.Id} --scope …'", null);
    }

    internal static JsonArray DecisionsJson(IEnumerable<PathDecision> decisions)
    {
        var a = new JsonArray();
        foreach (var d in decisions)
        {
            a.Add((JsonNode)new JsonObject
            {
                ["input"] = d.Input,
                ["path"] = d.Path,
                ["allowed"] = d.Allowed,
                ["code"] = d.Code,
                ["reason"] = d.Reason,
                ["owner"] = d.Owner,
            });
        }

        return a;
    }
}
