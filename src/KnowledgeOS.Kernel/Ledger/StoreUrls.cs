namespace KnowledgeOS.Ledger;

/// <summary>Store URLs as people type them (<c>scheme://user:password@host:port/db</c>), handled without leaking the password.</summary>
public static class StoreUrls
{
    public static bool HasPassword(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.UserInfo.Contains(':', StringComparison.Ordinal);

    /// <summary>The URL with any password removed (what a clone remembers; the password comes from PGPASSWORD or ~/.pgpass).</summary>
    public static string WithoutPassword(string url)
    {
        var redacted = Redact(url);
        return redacted == url ? url : redacted.Replace(":***@", "@", StringComparison.Ordinal);
    }

    /// <summary>The URL with any password replaced by <c>***</c>, fit for messages and logs.</summary>
    public static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return url;
        }

        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : url[..(scheme + 3)] + userInfo[..colon] + ":***" + url[at..];
    }
}
