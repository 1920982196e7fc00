using System.Text.Json.Serialization;

namespace KnowledgeOS.Evidence;

/// <summary>One eval's recorded result: what ran, how it ended, and the event that records it.</summary>
public sealed record EvalResult(
    string Command,
    string Source,
    int? ExitCode,
    bool Passed,
    string? Reason,
    long DurationMs,
    string StdoutSha256,
    string StderrSha256,
    string StdoutTail,
    string StderrTail,
    string Output,
    long Seq,
    string EventHash);

/// <summary>
/// The latest <c>eval-task</c> run of a task: the projection record (<c>records</c> kind
/// <c>evidence</c>, key the task ID) that gates and postflight read instead of replaying events.
/// </summary>
public sealed record EvidenceRun(
    string Task,
    string RunId,
    string Time,
    string? Head,
    string Tree,
    IReadOnlyList<EvalResult> Results,
    bool Finished,
    IReadOnlyList<string> ChangedByEvals,
    string? Worktree = null)
{
    public const string RecordKind = "evidence";

    [JsonIgnore]
    public bool Passed => Finished && Results.Count > 0 && Results.All(r => r.Passed);
}

/// <summary>An eval to run and where it came from: the spec's acceptance section, the task, or config.</summary>
public sealed record EvalSpec(string Command, string Source);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvidenceRun))]
internal sealed partial class EvidenceJson : JsonSerializerContext;
