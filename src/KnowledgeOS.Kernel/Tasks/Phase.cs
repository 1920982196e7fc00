using System.Text.Json.Serialization;

namespace KnowledgeOS.Tasks;

/// <summary>The lifecycle phases, in order, plus the two side exits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Phase>))]
public enum Phase
{
    [JsonStringEnumMemberName("intake")] Intake,
    [JsonStringEnumMemberName("route")] Route,
    [JsonStringEnumMemberName("plan")] Plan,
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("dispatch")] Dispatch,
    [JsonStringEnumMemberName("execute")] Execute,
    [JsonStringEnumMemberName("report")] Report,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("blocked")] Blocked,
    [JsonStringEnumMemberName("abandoned")] Abandoned,
}

public static class PhaseNames
{
    private static readonly string[] Names = ["intake", "route", "plan", "review", "dispatch", "execute", "report", "done", "blocked", "abandoned"];

    public static string Name(this Phase p) => Names[(int)p];

    public static bool TryParse(string? s, out Phase phase)
    {
        var i = Array.IndexOf(Names, s?.Trim().ToLowerInvariant());
        phase = i < 0 ? Phase.Intake : (Phase)i;
        return i >= 0;
    }

    /// <summary>Done and abandoned tasks hold nothing: no scope, no claim.</summary>
    public static bool IsClosed(this Phase p) => p is Phase.Done or Phase.Abandoned;

    /// <summary>Phases whose scope counts against other tasks' scopes.</summary>
    public static bool IsActive(this Phase p) => p is Phase.Route or Phase.Plan or Phase.Review or Phase.Dispatch or Phase.Execute or Phase.Report;
}
