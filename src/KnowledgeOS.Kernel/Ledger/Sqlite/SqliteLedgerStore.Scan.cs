using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>Streams SQLite's raw column bytes to the sink: no row becomes a .NET string.</summary>
    public void ScanChain(IChainSink sink)
    {
        var db = _connection.Handle!;
        if (raw.sqlite3_prepare_v2(db, $"SELECT {EventColumns} FROM events ORDER BY seq", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            throw KosException.Environment($"Cannot read the ledger: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
                var fields = new EventFields
                {
                    Seq = raw.sqlite3_column_int64(stmt, 0),
                    Id = raw.sqlite3_column_blob(stmt, 1),
                    Time = raw.sqlite3_column_blob(stmt, 2),
                    Type = raw.sqlite3_column_blob(stmt, 3),
                    Task = raw.sqlite3_column_blob(stmt, 4),
                    HasTask = raw.sqlite3_column_type(stmt, 4) != raw.SQLITE_NULL,
                    Actor = raw.sqlite3_column_blob(stmt, 5),
                    Session = raw.sqlite3_column_blob(stmt, 6),
                    HasSession = raw.sqlite3_column_type(stmt, 6) != raw.SQLITE_NULL,
                    Payload = raw.sqlite3_column_blob(stmt, 7),
                    PrevHash = raw.sqlite3_column_blob(stmt, 8),
                };
                if (!sink.Add(fields, raw.sqlite3_column_blob(stmt, 9)))
                {
                    return;
                }
            }
        }
    }
}
