using KnowledgeOS.Events;
using KnowledgeOS.Serve.Hosting;

namespace KnowledgeOS.Serve.Security;

/// <summary>
/// Records refused requests in the ledger (<c>serve.denied</c>). A page that floods the port with
/// forged requests must not flood the ledger: past <see cref="PerMinute"/> a minute, refusals are
/// counted and the count rides on the next recorded one.
/// </summary>
internal sealed class DenialLog(Workbench workbench)
{
    public const int PerMinute = 30;

    private readonly Lock _gate = new();
    private DateTimeOffset _window;
    private int _inWindow;
    private int _unrecorded;

    public void Record(string method, string path, string reason, string? origin, string? remote)
    {
        int skipped;
        lock (_gate)
        {
            var now = workbench.Clock.GetUtcNow();
            if (now - _window >= TimeSpan.FromMinutes(1))
            {
                _window = now;
                _inWindow = 0;
            }

            if (++_inWindow > PerMinute)
            {
                _unrecorded++;
                return;
            }

            skipped = _unrecorded;
            _unrecorded = 0;
        }

        try
        {
            using var k = workbench.OpenKernel(Workbench.Anonymous);
            k.Store.Write(w => k.Append(w, EventCatalog.ServeDenied, null, new ServeDenied(method, path.Length > 200 ? path[..200] : path, reason,
                origin is { Length: > 200 } o ? o[..200] : origin, remote, skipped > 0 ? skipped : null)));
        }
        catch (Exception e) when (e is KosException or System.Data.Common.DbException or IOException)
        {
            Console.Error.WriteLine($"kos-serve: refused {method} {path} ({reason}) but could not record it: {e.Message}");
        }
    }
}
