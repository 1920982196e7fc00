using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// `live URL DIR KOS [--runs N]`: how long after a ledger event its change is visible on the workbench
/// board in a real chromium. Each run blocks one executing task with the real kos CLI and reads the event's
/// time from the ledger; in the page, a wrapper around the page's own EventSource notes when the event
/// arrived on the live stream, and a MutationObserver when the task's card landed in the Blocked column
/// (all on this machine's wall clock, in ms). Prints one line per run: "arrived visible" (ms after the event).
/// </summary>
public static class LiveLatency
{
    private const string Wrapper = """
        (() => {
          const Native = window.EventSource;
          window.kosArrived = {};
          window.EventSource = function (url, options) {
            const source = new Native(url, options);
            source.addEventListener('ledger', e => {
              try {
                const m = JSON.parse(e.data);
                if (m.type === 'task.blocked' && m.task && !window.kosArrived[m.task]) { window.kosArrived[m.task] = Date.now(); }
              } catch (_) { }
            });
            return source;
          };
          window.EventSource.prototype = Native.prototype;
        })();
        """;

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
        if (tasks.Count < runs)
        {
            Console.Error.WriteLine($"live: the fixture has {tasks.Count} executing tasks, {runs} runs asked.");
            return 1;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KOS_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(Wrapper);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("#live[data-state=open]");
        await page.EvaluateAsync(Observer);
        foreach (var id in tasks)
        {
            var psi = new ProcessStartInfo(kos, ["block", id, "--reason", "live benchmark"]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            using (var p = Process.Start(psi)!)
            {
                await p.WaitForExitAsync();
                if (p.ExitCode != 0)
                {
                    Console.Error.WriteLine($"live: kos block {id} exited {p.ExitCode}: {await p.StandardError.ReadToEndAsync()}");
                    return 1;
                }
            }

            var e = kernel.Store.Events(id).Last(x => x.Type == "task.blocked");
            var written = DateTimeOffset.Parse(e.Time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var seen = await (await page.WaitForFunctionAsync($"() => window.kosSeen['{id}:col-blocked']")).JsonValueAsync<double>();
            var arrived = await page.EvaluateAsync<double?>($"() => window.kosArrived['{id}'] || null");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(arrived ?? double.NaN) - written:F0} {seen - written:F0}"));
            await Task.Delay(200);
        }

        return 0;
    }
}
