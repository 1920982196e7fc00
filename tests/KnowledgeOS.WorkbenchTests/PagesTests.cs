using System.Text.Json;
using KnowledgeOS.Testing;
using Microsoft.Playwright;

namespace KnowledgeOS.WorkbenchTests;

/// <summary>The registry and postflight pages, against what the CLI says about the same repository.</summary>
public sealed class PagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_registry_page_shows_each_capabilitys_policy_and_last_use()
    {
        using var s = new ServedRepo();
        s.Kos("registry", "add", "--kind", "mcp", "github", "--command", "gh-mcp");
        s.Kos("registry", "add", "--kind", "mcp", "filesystem", "--command", "fs-mcp");
        s.Kos("registry", "set-policy", "mcp/filesystem", "deny");
        s.Kos("capability-event", "mcp__github__create_issue");
        s.Serve();
        var page = await chromium.Open(s);
        await page.GetByRole(AriaRole.Link, new() { Name = "Registry" }).ClickAsync();

        // The first visit starts reading the ledger for last uses; a reload shows them once read.
        for (var i = 0; i < 50 && await page.GetByText("Reading the ledger for last uses").CountAsync() > 0; i++)
        {
            await page.WaitForTimeoutAsync(200);
            await page.ReloadAsync();
        }

        var github = page.Locator("#reg-mcp-github");
        await Assertions.Expect(github.Locator(".policy-allow")).ToHaveTextAsync("allow");
        await Assertions.Expect(github).ToContainTextAsync("by user:tester");
        await Assertions.Expect(page.Locator("#reg-mcp-filesystem .policy-deny")).ToHaveTextAsync("deny");
        await Assertions.Expect(page.Locator("#reg-mcp-filesystem")).ToContainTextAsync("never");
    }

    [Fact]
    public async Task Recording_postflight_in_the_page_says_what_kos_postflight_says_as_the_person()
    {
        using var s = new ServedRepo();
        s.Task("A quick fix", "--quick", "--scope", "docs/**");
        var cli = JsonDocument.Parse(s.Try("postflight", "--json").Out).RootElement;
        s.Serve();
        var page = await chromium.Open(s);
        await page.GetByRole(AriaRole.Link, new() { Name = "Postflight" }).ClickAsync();

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Run and record postflight" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/postflight", StringComparison.Ordinal));
        // Answered means recorded: the server records before it answers. The page's own result is awaited by the
        // assertions below (they retry while the answer's document loads), not by a load-state wait that can race the
        // navigation's commit.
        Assert.Equal(200, answer.Status);
        var recorded = s.Events(cli.GetProperty("ok").GetBoolean() ? "postflight.ok" : "postflight.failed");
        Assert.Equal(2, recorded.Count);
        Assert.Equal("user:tester", recorded[^1].GetProperty("actor").GetString());
        if (cli.GetProperty("ok").GetBoolean())
        {
            await Assertions.Expect(page.Locator(".ok")).ToContainTextAsync($"[SYNC_OK] head {recorded[^1].GetProperty("hash").GetString()![..12]}");
        }
        else
        {
            foreach (var problem in cli.GetProperty("problems").EnumerateArray())
            {
                await Assertions.Expect(page.Locator(".problems")).ToContainTextAsync(problem.GetProperty("fix").GetString()!);
            }
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("postflight.png"), FullPage = true });
    }

    [Fact]
    public async Task A_task_page_reads_the_archived_history_only_when_asked_and_verified()
    {
        using var s = new ServedRepo();
        var old = s.Task("An old fix", "--quick", "--scope", "docs/**", "--session", "s-old");
        s.Kos("abandon", old, "--reason", "superseded");
        var archived = s.Kos("ledger", "archive", "--before", "2100-01-01").Out;
        Assert.StartsWith("ARCHIVE_OK", archived, StringComparison.Ordinal);
        s.Serve();
        var page = await chromium.Open(s);
        await page.GotoAsync($"{s.Base}/tasks/{old}");

        // By default the live events only: the task's creation went into the archive.
        await Assertions.Expect(page.Locator(".archived")).ToContainTextAsync("Older history is archived");
        await Assertions.Expect(page.Locator(".timeline li[data-type='task.created']")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Include the archived history" }).ClickAsync();
        await Assertions.Expect(page.Locator(".archived")).ToContainTextAsync("each verified");
        await Assertions.Expect(page.Locator(".timeline li[data-type='task.created']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".timeline li[data-type='task.abandoned']")).ToHaveCountAsync(1);

        // An archive changed on disk is never shown as history: the page names the problem instead.
        var file = Directory.GetFiles(Path.Combine(s.Repo.Root, ".agent-os/state/archive"), "*.jsonl.br").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(file, bytes);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("archived history cannot be read");
        await Assertions.Expect(page.Locator(".timeline li[data-type='task.created']")).ToHaveCountAsync(0);
    }
}
