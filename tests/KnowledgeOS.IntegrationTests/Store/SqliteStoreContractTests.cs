using System.Diagnostics;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>The contract against the embedded SQLite ledger; tampering goes through the sqlite3 shell.</summary>
[Trait("Category", "OwnStore")] // chooses its store itself
public sealed class SqliteStoreContractTests : LedgerStoreContractTests
{
    protected override string? Unavailable => null;

    protected override IReadOnlyDictionary<string, string> StoreEnv { get; } = new Dictionary<string, string> { ["KOS_STORE"] = "sqlite" };

    protected override void AlterPayload(long seq, string payload) =>
        Sqlite($"UPDATE events SET payload = '{payload.Replace("'", "''", StringComparison.Ordinal)}' WHERE seq = {seq}");

    protected override void DeleteEvent(long seq) => Sqlite($"DELETE FROM events WHERE seq = {seq}");

    protected override void SetTaskPhase(string task, string phase) =>
        Sqlite($"UPDATE tasks SET phase = '{phase}', state = json_set(state, '$.phase', '{phase}') WHERE id = '{task}'");

    protected override void SetRecord(string kind, string key, string? value) =>
        Sqlite(value is null
            ? $"DELETE FROM records WHERE kind = '{kind}' AND key = '{key}'"
            : $"UPDATE records SET value = '{value.Replace("'", "''", StringComparison.Ordinal)}' WHERE kind = '{kind}' AND key = '{key}'");

    private void Sqlite(string sql)
    {
        var psi = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Repo.PathOf(".agent-os/state/ledger.db"));
        psi.ArgumentList.Add(sql);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
