using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// SQLite's own check of the file, on a read-only connection of its own so it can run beside other reads (<c>trace verify</c>
    /// runs it while the chain is verified): every page (<c>PRAGMA quick_check</c>), and every index against its table.
    /// <c>integrity_check</c> searches an index once per row, two thirds of its time on a big ledger; the events' index is instead
    /// read once, in order, and its tasks' events returned (<see cref="IntegrityReport.TaskLookup"/>) for the caller to hold to
    /// the chain's. The other tables are small and get <c>integrity_check</c>; so does the events table when its indexes are
    /// not exactly kos's own.
    /// </summary>
    public IntegrityReport IntegrityCheck(TaskEventDigest.Points tasksAt)
    {
        var problems = new List<string>();
        var rc = raw.sqlite3_open_v2(Path, out sqlite3 db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            if (rc != raw.SQLITE_OK)
            {
                problems.Add(raw.sqlite3_errmsg(db).utf8_to_string());
                return new IntegrityReport(problems);
            }

            raw.sqlite3_busy_timeout(db, 30000);
            MapForReading(db);
            if (!Lines(db, "PRAGMA quick_check(20)", problems))
            {
                return new IntegrityReport(problems);
            }

            // kos makes no triggers, and its connections run none (Configure): one in the file is someone else's attempt.
            Rows(db, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name", problems,
                stmt => problems.Add($"the file holds a trigger kos did not make: '{Text(stmt, 0)}' on '{Text(stmt, 1)}' (kos does not run it)"));

            // Names come from the file: quoted as identifiers, never spliced as SQL.
            var indexed = new List<(string Table, string Index, string? Sql)>();
            Rows(db, "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY tbl_name, name", problems,
                stmt => indexed.Add((Text(stmt, 0)!, Text(stmt, 1)!, Text(stmt, 2))));
            foreach (var table in indexed.Select(i => i.Table).Where(t => t != "events").Distinct(StringComparer.Ordinal))
            {
                Lines(db, $"PRAGMA integrity_check({Quote(table)})", problems);
            }

            var onEvents = indexed.Where(i => i.Table == "events").ToList();
            if (onEvents.Count == 0)
            {
                return new IntegrityReport(problems);
            }

            if (onEvents is not [{ Index: "events_task", Sql: var sql }] || sql + ";\n" != EventsIndex)
            {
                Lines(db, "PRAGMA integrity_check(events)", problems);
                return new IntegrityReport(problems);
            }

            // The index walked in its own order: its entries must be the chain's (the digest) and in the order a search assumes
            // (task bytes, then seq, strictly rising), else a lookup by task can miss entries a full walk still finds.
            var lookup = new TaskEventDigest(tasksAt);
            var previous = new byte[64];
            var previousLength = -1;
            var previousSeq = 0L;
            Rows(db, "SELECT task, seq FROM events INDEXED BY events_task WHERE task IS NOT NULL", problems, stmt =>
            {
                var row = RawColumns.Handle(stmt);
                var task = RawColumns.Blob(row, 0);
                var seq = RawColumns.Int64(row, 1);
                if (RawColumns.Type(row, 0) != raw.SQLITE_TEXT && problems.Count < 20)
                {
                    // The chain's tasks are all text (the scan refuses any other): such an entry was forged, and no read finds it.
                    problems.Add($"its task index (events_task) files event {seq} under a task that is not text");
                }

                var order = previousLength < 0 ? -1 : previous.AsSpan(0, previousLength).SequenceCompareTo(task);
                if ((order > 0 || (order == 0 && seq <= previousSeq)) && problems.Count < 20)
                {
                    problems.Add($"its task index (events_task) is out of order at event {seq}: a lookup by task can miss entries");
                }

                if (previous.Length < task.Length)
                {
                    previous = new byte[task.Length * 2];
                }

                task.CopyTo(previous);
                previousLength = task.Length;
                previousSeq = seq;
                lookup.Add(task, seq);
            });
            return new IntegrityReport(problems, problems.Count == 0 ? lookup : null, "its task index (events_task)");
        }
    }

    /// <summary>Runs a check whose rows are "ok" or problems; false when it could not run to its end.</summary>
    private static bool Lines(sqlite3 db, string sql, List<string> problems)
    {
        var before = problems.Count;
        var ran = Rows(db, sql, problems, stmt =>
        {
            var line = Text(stmt, 0);
            if (line != "ok")
            {
                problems.Add(line ?? "(no answer)");
            }
        });
        return ran && problems.Count == before;
    }

    private static bool Rows(sqlite3 db, string sql, List<string> problems, Action<sqlite3_stmt> row)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            problems.Add($"{raw.sqlite3_errmsg(db).utf8_to_string()} ({sql})");
            stmt.Dispose();
            return false;
        }

        using (stmt)
        {
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                row(stmt);
            }

            if (rc != raw.SQLITE_DONE)
            {
                problems.Add($"{raw.sqlite3_errmsg(db).utf8_to_string()} ({sql})");
                return false;
            }
        }

        return true;
    }

    private static string? Text(sqlite3_stmt stmt, int column) => raw.sqlite3_column_text(stmt, column).utf8_to_string();

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A whole-file reader (verification, the integrity check) reads the file through a memory map: no copy of each page
    /// into SQLite's cache. Only on read-only connections that live for one pass.
    /// </summary>
    private static void MapForReading(sqlite3 db) => raw.sqlite3_exec(db, $"PRAGMA mmap_size={MapBytes}");

    /// <summary>Up to this much of the file is mapped (SQLite reads the rest as usual).</summary>
    private const long MapBytes = 0x7fff0000;
}
