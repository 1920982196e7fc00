using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// SQLite's own page-level check (<c>PRAGMA integrity_check</c>: every page, every index against its table): empty when the
    /// file is sound. It reads the committed file on a read-only connection of its own, so it can run beside other reads
    /// (<c>trace verify</c> runs it while the chain is verified).
    /// </summary>
    public IReadOnlyList<string> IntegrityCheck()
    {
        var problems = new List<string>();
        var rc = raw.sqlite3_open_v2(Path, out sqlite3 db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            if (rc != raw.SQLITE_OK)
            {
                problems.Add(raw.sqlite3_errmsg(db).utf8_to_string());
                return problems;
            }

            raw.sqlite3_busy_timeout(db, 30000);
            MapForReading(db);
            if (raw.sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", out sqlite3_stmt stmt) != raw.SQLITE_OK)
            {
                problems.Add(raw.sqlite3_errmsg(db).utf8_to_string());
                stmt.Dispose();
                return problems;
            }

            using (stmt)
            {
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    var line = raw.sqlite3_column_text(stmt, 0).utf8_to_string();
                    if (line != "ok")
                    {
                        problems.Add(line);
                    }
                }

                if (rc != raw.SQLITE_DONE)
                {
                    problems.Add(raw.sqlite3_errmsg(db).utf8_to_string());
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// A whole-file reader (verification, the integrity check) reads the file through a memory map: no copy of each page
    /// into SQLite's cache. Only on read-only connections that live for one pass.
    /// </summary>
    private static void MapForReading(sqlite3 db) => raw.sqlite3_exec(db, $"PRAGMA mmap_size={MapBytes}");

    /// <summary>Up to this much of the file is mapped (SQLite reads the rest as usual).</summary>
    private const long MapBytes = 0x7fff0000;
}
