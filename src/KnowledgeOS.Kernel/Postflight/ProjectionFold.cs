using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOS.Ledger;
using KnowledgeOS.Projections;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>One task of a <see cref="ProjectionFold"/>: a <see cref="ReplayedTask"/> as data.</summary>
internal sealed record FoldedTask(
    string Id, long CreatedSeq, Phase Phase, IReadOnlyList<string> Scope, IReadOnlyList<string> Evals, string? SpecId, string? SpecHash,
    IReadOnlyList<string> Requirements, bool Quick, string? Session, string? LeaseUntil, long LastSeq, string? EvidenceRun,
    IReadOnlyList<EvidenceEvent> Evidence);

/// <summary>
/// The task replay (<see cref="TaskReplay"/>) of every task, claim and evidence event up to <see cref="Through"/>, as a clean
/// postflight left it, so the next one folds only the events after it instead of scanning the whole ledger for them.
/// Kept as a record (kind <c>postflight-fold</c>); its SHA-256 is written with the checkpoint's anchor outside the ledger
/// (<see cref="PostflightCheckpoint.Anchor"/>), so a fold edited inside the ledger is not used (the run replays every event).
/// <see cref="Archived"/> is the last archived seq it was made under: after <c>kos ledger archive</c> the fold is made again.
/// </summary>
internal sealed record ProjectionFold(long Through, long Archived, IReadOnlyList<FoldedTask> Tasks)
{
    public const string RecordKind = "postflight-fold";
    public const string Key = "tasks";

    public static ProjectionFold Of(long through, long archived, IReadOnlyDictionary<string, ReplayedTask> tasks) =>
        new(through, archived, tasks.Values.OrderBy(t => t.CreatedSeq).Select(t => new FoldedTask(
            t.Id, t.CreatedSeq, t.Phase, t.Scope, t.Evals, t.SpecId, t.SpecHash, t.Requirements, t.Quick, t.Session, t.LeaseUntil,
            t.LastSeq, t.EvidenceRun, [.. t.Evidence])).ToList());

    /// <summary>Writes the fold and answers its digest (what the anchor repeats).</summary>
    public string Put(ILedgerWriter w)
    {
        var json = JsonSerializer.Serialize(this, FoldJson.Default.ProjectionFold);
        w.PutRecord(RecordKind, Key, null, json);
        return Digest(json);
    }

    /// <summary>
    /// The fold whose digest is <paramref name="anchored"/> (from the anchor outside the ledger), made under the same archives;
    /// otherwise null, with why when a fold was there but cannot be used.
    /// </summary>
    public static (ProjectionFold? Fold, string? Why) Load(ILedgerReader r, string? anchored, long archived)
    {
        if (anchored is null || r.GetRecord(RecordKind, Key) is not { } json)
        {
            return (null, null);
        }

        if (Digest(json) != anchored)
        {
            return (null, "the task replay kept at the checkpoint does not match its anchor outside the ledger; every task event was replayed");
        }

        var fold = JsonSerializer.Deserialize(json, FoldJson.Default.ProjectionFold);
        return fold is null || fold.Archived != archived ? (null, null) : (fold, null);
    }

    /// <summary>The tasks as a fresh replay to fold later events onto.</summary>
    public Dictionary<string, ReplayedTask> Replayed()
    {
        var tasks = new Dictionary<string, ReplayedTask>(StringComparer.Ordinal);
        foreach (var f in Tasks)
        {
            var t = new ReplayedTask(f.Id, f.CreatedSeq)
            {
                Phase = f.Phase, Scope = f.Scope, Evals = f.Evals, SpecId = f.SpecId, SpecHash = f.SpecHash, Requirements = f.Requirements,
                Quick = f.Quick, Session = f.Session, LeaseUntil = f.LeaseUntil, LastSeq = f.LastSeq, EvidenceRun = f.EvidenceRun,
            };
            t.Evidence.AddRange(f.Evidence);
            tasks[f.Id] = t;
        }

        return tasks;
    }

    private static string Digest(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProjectionFold))]
internal sealed partial class FoldJson : JsonSerializerContext;
