namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>SQLite's own page-level check (<c>PRAGMA integrity_check</c>): empty when the file is sound.</summary>
    public IReadOnlyList<string> IntegrityCheck()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check(20)";
        var problems = new List<string>();
        try
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var line = reader.GetString(0);
                if (line != "ok")
                {
                    problems.Add(line);
                }
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            problems.Add(e.Message);
        }

        return problems;
    }
}
