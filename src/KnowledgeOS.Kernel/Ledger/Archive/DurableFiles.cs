using System.Runtime.InteropServices;

namespace KnowledgeOS.Ledger.Archive;

/// <summary>Makes a rename durable: fsync of the folder that holds it (POSIX; elsewhere the file system's own ordering).</summary>
internal static partial class DurableFiles
{
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Flushes <paramref name="folder"/>'s entries to disk; throws when the file system refuses.</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(folder, 0); // O_RDONLY
        if (fd < 0)
        {
            throw KosException.Environment($"Cannot open {folder} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw KosException.Environment($"Cannot sync {folder} to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            Close(fd);
        }
    }
}
