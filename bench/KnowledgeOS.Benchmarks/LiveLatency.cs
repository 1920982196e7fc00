using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// `live URL DIR KOS [--runs N]`: how long after a ledger event its change is visible on the workbench
/// board in a real chromium. Each run blocks one executing task with the real kos CLI, reads the event's
/// time from the ledger, and takes the moment a MutationObserver in the page saw the task's card land in
/// the Blocked column (both on this machine's wall clock). Prints one latency in ms per line.
/// </summary>
public static class LiveLatency
{
    private const string Observer = """
        () => {
          window.kosSeen = {};
          new MutationObserver(records => {
            for (const r of records) for (const n of r.addedNodes) {
              if (n.nodeType === 1 && n.id && n.id.startsWith('card-')) {
                const col = n.closest('.column');
                window.kosSeen[n.id.slice(5) + ':' + (col ? col.id : '')] = Date.now();
              }
            }
          }).observe(document.getElementById('board'), { childList: true, subtree: true });
        }
        """;

    public static async Task<int> Run(string[] args)
    {
        var (url, dir, kos) = (args[0], args[1], args[2]);
        var runs = args.Length > 4 && args[3] == "--runs" ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20;
        using var kernel = Kernel.Open(dir, TimeProvider.System, "user:bench", null);
        var tasks = kernel.Store.ListTasks().Where(t => t.Phase == "execute").Take(runs).Select(t => t.Id).ToList();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KOS_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("#live[data-state=open]");
        await page.EvaluateAsync(Observer);
        foreach (var id in tasks)
        {
            using (var p = Process.Start(new ProcessStartInfo(kos, ["block", id, "--reason", "live benchmark"]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true })!)
            {
                await p.WaitForExitAsync();
            }

            var e = kernel.Store.Events(id).Last(x => x.Type == "task.blocked");
            var written = DateTimeOffset.Parse(e.Time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var seen = await page.WaitForFunctionAsync($"() => window.kosSeen['{id}:col-blocked']");
            var at = await seen.JsonValueAsync<double>();
            Console.WriteLine((at - written).ToString("F0", CultureInfo.InvariantCulture));
        }

        return 0;
    }
}
