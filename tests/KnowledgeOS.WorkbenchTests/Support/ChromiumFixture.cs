using Microsoft.Playwright;

namespace KnowledgeOS.Testing;

/// <summary>
/// One headless Debian chromium for the test class, driven by Playwright through ExecutablePath
/// (Playwright's own browser download is impossible here). No chromium: the tests fail saying so.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string Executable => Environment.GetEnvironmentVariable("KOS_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"No chromium at {Executable}: install it (apt-get install chromium; .ci/run does) or set KOS_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page opened on the workbench's printed URL.</summary>
    public async Task<IPage> Open(ServedRepo served, bool javaScript = true, int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(served.Url);
        Assert.True(response?.Ok, $"GET {served.Url} answered {response?.Status}");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Where the test run writes the README's screenshots: docs/img/ of the repository.</summary>
public static class Screenshots
{
    public static string PathOf(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KnowledgeOS.slnx")))
        {
            dir = dir.Parent;
        }

        var img = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "docs", "img");
        Directory.CreateDirectory(img);
        return Path.Combine(img, name);
    }
}
