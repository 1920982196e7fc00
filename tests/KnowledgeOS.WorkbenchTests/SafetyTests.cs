using System.Net;
using System.Net.Sockets;
using KnowledgeOS.Testing;
using Microsoft.Playwright;

namespace KnowledgeOS.WorkbenchTests;

/// <summary>What kos serve refuses: requests without this run's token, cross-origin posts, an agent starting it, a taken port.</summary>
public sealed class SafetyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    [Fact]
    public async Task A_post_without_the_token_gets_403_and_is_recorded_in_the_ledger()
    {
        using var s = new ServedRepo().Serve();
        using var http = Client();

        var response = await http.PostAsync($"{s.Base}/postflight", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var denied = Assert.Single(s.Events("serve.denied"));
        Assert.Equal("missing-token", denied.GetProperty("payload").GetProperty("reason").GetString());
        Assert.Equal("/postflight", denied.GetProperty("payload").GetProperty("path").GetString());
        Assert.Equal("web:anonymous", denied.GetProperty("actor").GetString());
        Assert.Empty(s.Events("postflight.ok").Concat(s.Events("postflight.failed")));
    }

    [Fact]
    public async Task A_post_with_a_forged_token_or_the_cookie_alone_gets_403()
    {
        using var s = new ServedRepo().Serve();
        using var http = Client();

        var forged = await http.PostAsync($"{s.Base}/postflight", new FormUrlEncodedContent([new("token", s.Token[..^2] + "xx")]));
        using var cookieOnly = new HttpRequestMessage(HttpMethod.Post, $"{s.Base}/postflight") { Content = new FormUrlEncodedContent([]) };
        cookieOnly.Headers.Add("Cookie", "kos_token=" + s.Token);
        var withCookie = await http.SendAsync(cookieOnly);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withCookie.StatusCode);
        Assert.Equal(["forged-token", "missing-token"], s.Events("serve.denied").Select(e => e.GetProperty("payload").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_post_with_the_right_token_from_another_origin_gets_403()
    {
        using var s = new ServedRepo().Serve();
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{s.Base}/postflight") { Content = new FormUrlEncodedContent([new("token", s.Token)]) };
        request.Headers.Add("Origin", "http://attacker.example");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-origin", Assert.Single(s.Events("serve.denied")).GetProperty("payload").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_form_on_another_sites_page_cannot_post_to_the_workbench_even_knowing_the_token()
    {
        using var s = new ServedRepo().Serve();
        var page = await chromium.Open(s);
        // The classic cross-site request forgery: a page on another site submits a form to the workbench.
        await page.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<form method=post action='{s.Base}/postflight'><input name=token value='{s.Token}'></form>",
        }));
        await page.GotoAsync("http://attacker.test/");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("() => document.forms[0].submit()"), $"{s.Base}/postflight");

        Assert.Equal(403, response.Status);
        Assert.Equal("cross-origin", Assert.Single(s.Events("serve.denied")).GetProperty("payload").GetProperty("reason").GetString());
        Assert.Empty(s.Events("postflight.ok").Concat(s.Events("postflight.failed")));
    }

    [Fact]
    public async Task A_page_request_without_the_token_or_with_a_forged_one_gets_403()
    {
        using var s = new ServedRepo().Serve();
        using var http = Client();

        var bare = await http.GetAsync($"{s.Base}/");
        var forged = await http.GetAsync($"{s.Base}/?token=not-the-token");
        var right = await http.GetAsync(s.Url);

        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Contains("URL <code>kos serve</code> printed", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains(right.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_damaged_ledger_shows_its_error_and_the_recovery_command()
    {
        using var s = new ServedRepo();
        s.Task("Before the damage", "--quick", "--scope", "docs/**");
        s.Serve();
        var page = await chromium.Open(s);
        await Assertions.Expect(page.Locator(".card")).ToContainTextAsync("Before the damage");

        var ledger = s.Repo.PathOf(".agent-os/state/ledger.db");
        // Replaced by something that is not a database (the WAL beside it gone too: it would still hold the pages).
        File.WriteAllText(ledger + ".new", "this is no longer a SQLite database, it was overwritten");
        File.Move(ledger + ".new", ledger, overwrite: true);
        File.Delete(ledger + "-wal");
        File.Delete(ledger + "-shm");

        var response = await page.ReloadAsync();
        Assert.Equal(503, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("The ledger cannot be read");
        await Assertions.Expect(page.Locator("[role=alert]")).ToContainTextAsync("damaged");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("kos trace verify");
    }

    [Fact]
    public async Task An_event_edited_outside_kos_raises_an_alarm_on_every_page()
    {
        using var s = new ServedRepo();
        var task = s.Task("Honest title", "--quick", "--scope", "docs/**");
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={s.Repo.PathOf(".agent-os/state/ledger.db")};Pooling=False"))
        {
            db.Open();
            using var edit = db.CreateCommand();
            edit.CommandText = "UPDATE events SET payload = replace(payload, 'Honest title', 'Forged title') WHERE type = 'task.created'";
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        s.Serve();
        var page = await chromium.Open(s);
        // The chain is walked in the background once the server starts; a page rendered before that shows no alarm yet.
        for (var i = 0; i < 50 && await page.Locator("#chain").CountAsync() == 0; i++)
        {
            await page.WaitForTimeoutAsync(200);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.Locator("#chain")).ToContainTextAsync("hash chain is broken at event");
        await Assertions.Expect(page.Locator("#chain")).ToContainTextAsync("kos trace verify");
        await page.GotoAsync($"{s.Base}/tasks/{task}");
        await Assertions.Expect(page.Locator("#chain")).ToBeVisibleAsync();
    }

    [Fact]
    public void A_port_in_use_gets_a_clear_error()
    {
        using var s = new ServedRepo();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var r = s.Try("serve", "--port", port);

        Assert.Equal(3, r.Code);
        Assert.Contains($"Port {port} on 127.0.0.1 is already in use", r.Err, StringComparison.Ordinal);
        Assert.Contains("--port", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CLAUDECODE")]
    [InlineData("KOS_SESSION")]
    public void Kos_serve_is_refused_from_an_agents_context(string marker)
    {
        using var s = new ServedRepo();

        var r = s.Try(new Dictionary<string, string> { [marker] = "1" }, "serve", "--port", "0");

        Assert.Equal(1, r.Code);
        Assert.Contains("agent's context", r.Err, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }
}
