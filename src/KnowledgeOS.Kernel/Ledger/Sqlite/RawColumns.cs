using System.Runtime.InteropServices;
using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The column reads of the verification scan, called on SQLite directly: a million rows make some twenty million column
/// calls, and SQLitePCL's wrappers add a provider look-up and a SafeHandle reference count to each. Only for statements
/// whose <see cref="sqlite3_stmt"/> stays open around the calls (the handle is borrowed, never released here).
/// </summary>
internal static unsafe partial class RawColumns
{
    private const string Library = "e_sqlite3";

    public static IntPtr Handle(sqlite3_stmt stmt) => stmt.DangerousGetHandle();

    public static ReadOnlySpan<byte> Blob(IntPtr stmt, int column)
    {
        var p = sqlite3_column_blob(stmt, column);
        return p is null ? default : new ReadOnlySpan<byte>(p, sqlite3_column_bytes(stmt, column));
    }

    public static int Type(IntPtr stmt, int column) => sqlite3_column_type(stmt, column);

    public static long Int64(IntPtr stmt, int column) => sqlite3_column_int64(stmt, column);

    [LibraryImport(Library)]
    private static partial byte* sqlite3_column_blob(IntPtr stmt, int column);

    [LibraryImport(Library)]
    private static partial int sqlite3_column_bytes(IntPtr stmt, int column);

    [LibraryImport(Library)]
    private static partial int sqlite3_column_type(IntPtr stmt, int column);

    [LibraryImport(Library)]
    private static partial long sqlite3_column_int64(IntPtr stmt, int column);
}
