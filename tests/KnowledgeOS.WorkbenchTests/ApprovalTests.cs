using System.Text.Json;
using KnowledgeOS.Testing;
using Microsoft.Playwright;

namespace KnowledgeOS.WorkbenchTests;

/// <summary>
/// The person's channel for human-only decisions: an agent's refused command files a Q-… request
/// (the kernel's approval queue), the front page shows it by ID, and approving in the page grants it
/// once, recorded as the person running kos serve.
/// </summary>
public sealed class ApprovalTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly Dictionary<string, string> Agent = new() { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-agent-7" };

    /// <summary>An executing task, and the agent's attempt to block it (a person's decision: refused, filed).</summary>
    private static (string Task, string[] Widen) Attempt(ServedRepo s)
    {
        var task = s.Task("Narrow fix", "--quick", "--scope", "docs/**");
        return (task, ["block", task, "--reason", "the agent would rather stop"]);
    }

    private static string PendingId(ServedRepo s)
    {
        using var doc = JsonDocument.Parse(s.Kos("requests", "--json").Out);
        return Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_request_filed_by_a_refused_human_only_command_from_an_agent_appears_on_the_front_page_by_its_id()
    {
        using var s = new ServedRepo();
        var (_, widen) = Attempt(s);
        s.Serve();
        var page = await chromium.Open(s);
        await Assertions.Expect(page.Locator("#live[data-state=open]")).ToBeVisibleAsync();

        var refused = s.Try(Agent, widen);

        Assert.Equal(1, refused.Code);
        var id = PendingId(s);
        Assert.Contains(id, refused.Err, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#pending")).ToContainTextAsync(id);
        await Assertions.Expect(page.Locator("#pending")).ToContainTextAsync("kos block");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#req-{id}")).ToContainTextAsync("agent:claude/sess-agent-7");
    }

    [Fact]
    public async Task Approving_in_the_page_grants_the_request_once_and_the_ledger_records_the_person()
    {
        using var s = new ServedRepo();
        var (task, widen) = Attempt(s);
        Assert.Equal(1, s.Try(Agent, widen).Code);
        var id = PendingId(s);
        s.Serve();
        var page = await chromium.Open(s);
        await page.GetByRole(AriaRole.Link, new() { Name = "Approvals (1)" }).ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("approvals.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {id}" }).ClickAsync();

        await Assertions.Expect(page.Locator("#pending")).ToContainTextAsync("No request is waiting for you.");
        var granted = Assert.Single(s.Events("approval.granted"));
        Assert.Equal("user:tester", granted.GetProperty("actor").GetString());
        Assert.Equal(id, granted.GetProperty("payload").GetProperty("id").GetString());
        // The grant is the agent's to use once: the same command now runs, and a second time is refused again.
        var rerun = s.Try(Agent, widen);
        Assert.True(rerun.Code == 0, rerun.ToString());
        Assert.Single(s.Events("approval.used"));
        Assert.Equal("blocked", JsonDocument.Parse(s.Kos("show", task, "--json").Out).RootElement.GetProperty("phase").GetString());
        Assert.Equal(1, s.Try(Agent, ["abandon", task, "--reason", "the agent would rather stop"]).Code);
    }

    [Fact]
    public async Task Denying_with_javascript_off_denies_the_request_through_a_plain_form()
    {
        using var s = new ServedRepo();
        var (_, widen) = Attempt(s);
        Assert.Equal(1, s.Try(Agent, widen).Code);
        var id = PendingId(s);
        s.Serve();
        var page = await chromium.Open(s, javaScript: false);
        await page.GotoAsync($"{s.Base}/approvals");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Deny {id}" }).ClickAsync();

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync($"Denied {id}.");
        Assert.Equal("user:tester", Assert.Single(s.Events("approval.denied")).GetProperty("actor").GetString());
        Assert.Equal(1, s.Try(Agent, widen).Code);
    }
}
