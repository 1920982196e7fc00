using KnowledgeOS.Serve.Hosting;
using KnowledgeOS.Serve.Pages;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOS.Serve.Security;

/// <summary>
/// Every request but the static assets needs this run's token: a GET by the cookie set when the
/// printed URL was opened, a POST by the token in its form (or header) — the cookie alone never
/// authorises a change — and from the same origin. Refusals get 403 and are recorded.
/// </summary>
internal static class RequestGuard
{
    public static async Task Handle(HttpContext http, RequestDelegate next)
    {
        var wb = http.RequestServices.GetRequiredService<Workbench>();
        var request = http.Request;
        SecurityHeaders(http.Response);
        if (wb.CheckHost && !HostAllowed(request.Host))
        {
            // A DNS-rebound name pointing at 127.0.0.1: a foreign page trying to read or drive the workbench.
            await Refuse(http, wb, "unexpected-host", $"The Host {request.Host} is not this workbench's address.").ConfigureAwait(false);
            return;
        }

        if (request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            await Read(http, wb, next).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var given = request.Headers[AccessToken.Header].FirstOrDefault();
        if (given is null && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            given = form[AccessToken.Field].FirstOrDefault();
        }

        var refusal = given is null ? ("missing-token", "This request carries no token.")
            : !AccessToken.Matches(wb.Token, given) ? ("forged-token", "This request's token is not this run's token.")
            : CrossOrigin(request) is { } why ? ("cross-origin", why)
            : default((string, string)?);
        if (refusal is { } r)
        {
            await Refuse(http, wb, r.Item1, r.Item2).ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    private static async Task Read(HttpContext http, Workbench wb, RequestDelegate next)
    {
        var request = http.Request;
        if (request.Query.TryGetValue(AccessToken.Field, out var fromUrl))
        {
            if (!AccessToken.Matches(wb.Token, fromUrl.FirstOrDefault()))
            {
                await Refuse(http, wb, "forged-token", "The token in this URL is not this run's token.").ConfigureAwait(false);
                return;
            }

            // Swap the token in the URL for a cookie only this origin sends, and drop it from the address bar.
            http.Response.Cookies.Append(AccessToken.Cookie, wb.Token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true,
            });
            var rest = string.Join('&', request.Query.Where(q => q.Key != AccessToken.Field)
                .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
            http.Response.Redirect(request.PathBase + request.Path + (rest.Length > 0 ? "?" + rest : ""));
            return;
        }

        if (!AccessToken.Matches(wb.Token, request.Cookies[AccessToken.Cookie]))
        {
            await Refuse(http, wb, request.Cookies.ContainsKey(AccessToken.Cookie) ? "forged-token" : "missing-token",
                "This workbench needs the token of the running kos serve.").ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>Why a POST is not same-origin, or null when it is (or comes from no browser at all).</summary>
    internal static string? CrossOrigin(HttpRequest request)
    {
        var self = $"{request.Scheme}://{request.Host}";
        var site = request.Headers["Sec-Fetch-Site"].FirstOrDefault();
        if (site is not null && site != "same-origin")
        {
            return $"The browser says this request came from another site (Sec-Fetch-Site: {site}).";
        }

        var origin = request.Headers.Origin.FirstOrDefault();
        if (origin is not null)
        {
            return string.Equals(origin, self, StringComparison.OrdinalIgnoreCase) ? null : $"The request's Origin {origin} is not {self}.";
        }

        var referer = request.Headers.Referer.FirstOrDefault();
        if (referer is not null && Uri.TryCreate(referer, UriKind.Absolute, out var from))
        {
            var fromOrigin = from.GetLeftPart(UriPartial.Authority);
            return string.Equals(fromOrigin, self, StringComparison.OrdinalIgnoreCase) ? null : $"The request's Referer {fromOrigin} is not {self}.";
        }

        return null;
    }

    private static bool HostAllowed(HostString host) => host.Host is "127.0.0.1" or "localhost" or "[::1]" or "::1";

    private static async Task Refuse(HttpContext http, Workbench wb, string reason, string message)
    {
        var request = http.Request;
        http.RequestServices.GetRequiredService<DenialLog>().Record(
            request.Method, request.Path.Value ?? "/", reason, request.Headers.Origin.FirstOrDefault(), http.Connection.RemoteIpAddress?.ToString());
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Layout.Bare("Forbidden", Problems.Forbidden(message)), http.RequestAborted).ConfigureAwait(false);
        _ = wb;
    }

    private static void SecurityHeaders(HttpResponse r)
    {
        r.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        r.Headers.XFrameOptions = "DENY";
        r.Headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: with it, chromium sends "Origin: null" on a same-origin form POST, which the check must refuse.
        r.Headers["Referrer-Policy"] = "same-origin";
        r.Headers.CacheControl = "no-store";
    }
}
