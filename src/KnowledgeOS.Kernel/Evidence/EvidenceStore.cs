using System.Text.Json;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Evidence;

/// <summary>Reads and writes the latest evidence run of a task (a projection record).</summary>
public static class EvidenceStore
{
    public static EvidenceRun? Latest(ILedgerReader r, string task) =>
        r.GetRecord(EvidenceRun.RecordKind, task) is { } json ? JsonSerializer.Deserialize(json, EvidenceJson.Default.EvidenceRun) : null;

    /// <summary>Every task's latest run, in one query (postflight reads them all).</summary>
    public static Dictionary<string, EvidenceRun> All(ILedgerReader r) =>
        r.ListRecords(EvidenceRun.RecordKind)
            .Select(x => JsonSerializer.Deserialize(x.Value, EvidenceJson.Default.EvidenceRun)!)
            .ToDictionary(x => x.Task, StringComparer.Ordinal);

    public static void Put(ILedgerWriter w, EvidenceRun run) =>
        w.PutRecord(EvidenceRun.RecordKind, run.Task, run.Task, JsonSerializer.Serialize(run, EvidenceJson.Default.EvidenceRun));
}
