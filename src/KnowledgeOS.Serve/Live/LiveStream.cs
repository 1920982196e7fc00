using System.Globalization;
using System.Text.Json;
using KnowledgeOS.Serve.Hosting;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOS.Serve.Live;

/// <summary>
/// The Server-Sent Events stream behind the live pages: one <c>ledger</c> event per ledger event,
/// its seq as the SSE id (a reconnecting browser resumes from it), a comment every 15 s to keep
/// proxies from closing an idle stream, and <c>reset</c> when the events it missed are no longer buffered.
/// </summary>
internal static class LiveStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task Run(HttpContext http, LedgerFeed feed)
    {
        var after = long.TryParse(http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["after"].FirstOrDefault(),
            NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : -1;
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var ct = http.RequestAborted;
        var (reader, unsubscribe, gap) = feed.Subscribe(after);
        try
        {
            await response.WriteAsync("retry: 1000\n\n", ct).ConfigureAwait(false);
            if (gap)
            {
                await response.WriteAsync("event: reset\ndata: {}\n\n", ct).ConfigureAwait(false);
            }

            await response.Body.FlushAsync(ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                beat.CancelAfter(Heartbeat);
                try
                {
                    await reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct).ConfigureAwait(false);
                    await response.Body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                while (reader.TryRead(out var m))
                {
                    var json = JsonSerializer.Serialize(m, ServeJson.Default.LiveMessage);
                    await response.WriteAsync($"id: {m.Seq}\nevent: ledger\ndata: {json}\n\n", ct).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away.
        }
        finally
        {
            unsubscribe();
        }
    }
}
