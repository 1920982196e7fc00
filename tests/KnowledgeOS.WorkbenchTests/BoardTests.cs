using Microsoft.Playwright;
using KnowledgeOS.Testing;

namespace KnowledgeOS.WorkbenchTests;

/// <summary>The board and the task page, rendered by chromium from a real kos serve on a real repository.</summary>
public sealed class BoardTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>How long the live board may take to follow a CLI change (the bar).</summary>
    private const float LiveTimeoutMs = 3000;

    private static (ServedRepo Served, string Failing, string Waiting, string Spec) Seeded()
    {
        var s = new ServedRepo();
        var spec = s.Kos("create-spec", "Checkout", "--intent", "Customers pay by card", "--req", "Card form", "--req", "Receipt email",
            "--eval", "sh -c 'echo compiling the card form; echo \"expected 200, got 500\" >&2; exit 3'").FirstLine;
        var failing = s.Task("Card form", "--spec", spec, "--req", "R1");
        s.Kos("route-task", failing, "--scope", "src/checkout/**", "--agent", "claude");
        s.Kos("plan-task", failing, "--step", "R1: add the form component");
        s.Kos("review-task", failing, "--approve", "--reviewer", "alice");
        s.Kos("dispatch-task", failing, "--session", "sess-claude-1");
        s.Repo.Write("src/checkout/form.ts", "export const form = 1;\n");
        Assert.Equal(1, s.Try("eval-task", failing).Code);
        var waiting = s.Task("Receipt email", "--spec", spec, "--req", "R2");
        return (s.Serve(), failing, waiting, spec);
    }

    [Fact]
    public async Task The_front_page_shows_each_task_by_id_and_title_in_its_phase_column()
    {
        var (s, failing, waiting, _) = Seeded();
        using var _ = s;
        var page = await chromium.Open(s);

        var card = page.Locator($"#col-execute #card-{failing}");
        await Assertions.Expect(card).ToContainTextAsync("Card form");
        await Assertions.Expect(card).ToContainTextAsync(failing);
        await Assertions.Expect(card).ToContainTextAsync("claude");
        await Assertions.Expect(card).ToContainTextAsync("sess-claude-1");
        await Assertions.Expect(card).ToContainTextAsync("left");
        await Assertions.Expect(card).ToContainTextAsync("src/checkout/**");
        await Assertions.Expect(card.Locator(".badge.ev-failing")).ToHaveTextAsync("failing");
        await Assertions.Expect(page.Locator($"#col-intake #card-{waiting}")).ToContainTextAsync("Receipt email");
        await Assertions.Expect(page.Locator("#pending")).ToContainTextAsync("Pending requests");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("board.png"), FullPage = true });
    }

    [Fact]
    public async Task A_phase_change_made_by_the_cli_appears_on_the_board_without_a_reload()
    {
        var (s, _, waiting, _) = Seeded();
        using var _ = s;
        var page = await chromium.Open(s);
        await Assertions.Expect(page.Locator("#live[data-state=open]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        s.Kos("route-task", waiting, "--scope", "src/mail/**", "--agent", "codex");

        await Assertions.Expect(page.Locator($"#col-route #card-{waiting}")).ToContainTextAsync("codex", new() { Timeout = LiveTimeoutMs });
        await Assertions.Expect(page.Locator($"#col-intake #card-{waiting}")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded instead of updating in place");
    }

    [Fact]
    public async Task The_task_page_shows_the_failing_evals_output_requirements_plan_and_timeline()
    {
        var (s, failing, _, _) = Seeded();
        using var _ = s;
        var page = await chromium.Open(s);
        await page.Locator($"#card-{failing} h3 a").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{failing}$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Card form");
        await Assertions.Expect(page.Locator("#evidence .eval.fail")).ToContainTextAsync("expected 200, got 500");
        await Assertions.Expect(page.Locator("#evidence .eval.fail")).ToContainTextAsync("compiling the card form");
        await Assertions.Expect(page.Locator(".reqs")).ToContainTextAsync("Card form");
        await Assertions.Expect(page.Locator("section[aria-labelledby=plan-h]")).ToContainTextAsync("R1: add the form component");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("approved the plan");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("FAILED (exit 3)");
        await Assertions.Expect(page.Locator("section[aria-labelledby=diff-h]")).ToContainTextAsync("src/checkout/form.ts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("task.png"), FullPage = true });
    }

    [Fact]
    public async Task With_javascript_off_the_board_and_task_page_still_read()
    {
        var (s, failing, _, _) = Seeded();
        using var _ = s;
        var page = await chromium.Open(s, javaScript: false);
        await Assertions.Expect(page.Locator($"#col-execute #card-{failing}")).ToContainTextAsync("Card form");
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("reload to refresh");
        await page.GotoAsync($"{s.Base}/tasks/{failing}");
        await Assertions.Expect(page.Locator("#evidence")).ToContainTextAsync("expected 200, got 500");
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_then_the_first_card_and_opens_it()
    {
        var (s, _, waiting, _) = Seeded();
        using var _ = s;
        var page = await chromium.Open(s);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"/tasks/{waiting}", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Receipt email");
    }
}
