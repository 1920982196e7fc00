using System.Text.Json.Nodes;
using KnowledgeOS.Context;
using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Views;

/// <summary>A requirement the task is bound to, with its text from the spec (null when the spec no longer has it).</summary>
internal sealed record BoundRequirement(string Id, string? Text);

/// <summary>A path the task was kept from, or changed outside its scope.</summary>
internal sealed record Offence(long Seq, string Time, string Kind, string Path, string Reason, string Actor);

/// <summary>
/// Whether the ledger has archived history (events <paramref name="FirstSeq"/>..<paramref name="LastSeq"/> in
/// <paramref name="Archives"/> files), whether the timeline shows it, and why not when it could not be read.
/// </summary>
internal sealed record ArchivedHistory(int Archives, long FirstSeq, long LastSeq, bool Shown, string? Problem)
{
    public static readonly ArchivedHistory None = new(0, 0, 0, false, null);
}

/// <summary>Everything the task page shows, read through the kernel.</summary>
internal sealed record TaskDetail(
    TaskState Task,
    Card Card,
    string? SpecTitle,
    string? SpecProblem,
    IReadOnlyList<BoundRequirement> Requirements,
    IReadOnlyList<LedgerEvent> Timeline,
    ArchivedHistory Archived,
    EvidenceRun? Evidence,
    IReadOnlyList<string> EvidenceProblems,
    IReadOnlyList<Offence> Denials,
    IReadOnlyList<Offence> Violations,
    ContextPack? Pack,
    string? PackProblem,
    TaskDiff Diff)
{
    public const int PackBudget = 4000;

    /// <param name="withArchive">Read the task's archived events too (kos ledger archive), each archive verified first.</param>
    public static TaskDetail? Load(Kernel k, string id, TreeDigest digest, DateTimeOffset now, bool withArchive = false)
    {
        var r = k.Store;
        if (k.FindTask(r, id) is not { } t)
        {
            return null;
        }

        var (specTitle, specProblem, reqs) = Spec(k, t);
        var timeline = r.Events(t.Id).ToList();
        var archived = ArchivedHistory.None;
        if (r.Archives() is [var oldest, ..] archives)
        {
            archived = new ArchivedHistory(archives.Count, oldest.FirstSeq, archives[^1].LastSeq, Shown: withArchive, Problem: null);
            if (withArchive)
            {
                try
                {
                    timeline = [.. k.Archive.ArchivedEvents(t.Id), .. timeline];
                }
                catch (KosException e)
                {
                    archived = archived with { Shown = false, Problem = e.Message };
                }
            }
        }
        var run = EvidenceStore.Latest(r, t.Id);
        var tree = digest.Current();
        var problems = EvidenceCheck.Problems(k.Project, k.Config, r, t, tree);
        var card = Card.Of(t, run, tree, r.ListRecords(Card.ViolationKind, t.Id).Count, now);
        var denials = timeline.Where(e => e.Type is "write.denied" or "write.warned" or "capability.denied")
            .SelectMany(Offences).ToList();
        var violations = timeline.Where(e => e.Type == "scope.violation").SelectMany(Offences).ToList();
        ContextPack? pack = null;
        string? packProblem = null;
        try
        {
            pack = k.Context.Build(t.Id, PackBudget, PackFormat.Markdown, record: false);
        }
        catch (KosException e)
        {
            packProblem = e.Message;
        }

        return new TaskDetail(t, card, specTitle, specProblem, reqs, timeline, archived, run, problems, denials, violations, pack, packProblem,
            TaskDiff.Since(k.Project, t));
    }

    private static (string? Title, string? Problem, IReadOnlyList<BoundRequirement> Reqs) Spec(Kernel k, TaskState t)
    {
        if (t.SpecId is null)
        {
            return (null, null, t.Requirements.Select(id => new BoundRequirement(id, null)).ToList());
        }

        try
        {
            var spec = new SpecCatalog(k.Project.SpecsDir).Load(t.SpecId, k.Project.Root);
            return (spec.Title, null, t.Requirements.Select(id => new BoundRequirement(id, spec.Find(id)?.Text)).ToList());
        }
        catch (KosException e)
        {
            return (null, e.Message, t.Requirements.Select(id => new BoundRequirement(id, null)).ToList());
        }
    }

    private static IEnumerable<Offence> Offences(LedgerEvent e)
    {
        var p = JsonNode.Parse(e.Payload) as JsonObject;
        switch (e.Type)
        {
            case "capability.denied":
                yield return new Offence(e.Seq, e.Time, "capability", p?["capability"]?.ToString() ?? "", p?["reason"]?.ToString() ?? "", e.Actor);
                break;
            case "scope.violation":
                var paths = p?["paths"] as JsonArray ?? [];
                var reasons = p?["reasons"] as JsonArray ?? [];
                for (var i = 0; i < paths.Count; i++)
                {
                    yield return new Offence(e.Seq, e.Time, p?["cause"]?.ToString() ?? "shell", paths[i]?.ToString() ?? "",
                        i < reasons.Count ? reasons[i]?.ToString() ?? "" : "", e.Actor);
                }

                break;
            default:
                foreach (var d in (p?["paths"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    yield return new Offence(e.Seq, e.Time, e.Type == "write.warned" ? "warned" : d["code"]?.ToString() ?? "denied",
                        d["path"]?.ToString() ?? d["input"]?.ToString() ?? "", d["reason"]?.ToString() ?? "", e.Actor);
                }

                break;
        }
    }
}
