using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>
/// Gives memory back when the workbench goes quiet. A board over 10,000 tasks allocates megabytes per
/// request, and the GC keeps what it once committed for the next burst; a workbench mostly sits open
/// and idle. Once the process has allocated <see cref="Threshold"/> since the last trim and no request
/// has started or ended for <see cref="Quiet"/>, one aggressive full collection returns the managed
/// heap's free memory, and on Linux glibc's <c>malloc_trim</c> the native heap's (SQLite's page
/// caches and buffers freed by many threads stay mapped otherwise).
/// </summary>
internal sealed class IdleTrim : BackgroundService
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    public const long Threshold = 4 * 1024 * 1024;

    private long _lastRequest = Environment.TickCount64;
    private long _allocatedAtTrim = GC.GetTotalAllocatedBytes();

    /// <summary>How many trims ran (for tests and diagnostics).</summary>
    public int Trims { get; private set; }

    /// <summary>Notes a request's start and end around the rest of the pipeline.</summary>
    public async Task Around(HttpContext http, RequestDelegate next)
    {
        Volatile.Write(ref _lastRequest, Environment.TickCount64);
        try
        {
            await next(http).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _lastRequest, Environment.TickCount64);
        }
    }

    /// <summary>Trims if there is garbage worth returning and the workbench is quiet; true when it did.</summary>
    public bool TrimIfQuiet()
    {
        if (GC.GetTotalAllocatedBytes() - _allocatedAtTrim < Threshold
            || Environment.TickCount64 - Volatile.Read(ref _lastRequest) < (long)Quiet.TotalMilliseconds)
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): the managed heap is trimmed all the same.
            }
        }

        _allocatedAtTrim = GC.GetTotalAllocatedBytes();
        Trims++;
        return true;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                TrimIfQuiet();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
