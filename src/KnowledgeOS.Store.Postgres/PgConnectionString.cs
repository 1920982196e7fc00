using System.Data.Common;
using System.Text;

namespace KnowledgeOS.Store.Postgres;

/// <summary>
/// Turns the URI people type for psql (<c>postgresql://user:password@host:port/db?sslmode=require</c>)
/// into Npgsql's key=value connection string. A password comes from the URI (KOS_STORE), else
/// PGPASSWORD, else Npgsql's own ~/.pgpass lookup; it is never part of <see cref="Display"/>.
/// </summary>
internal sealed record PgConnectionString(string Value, string Host, int Port, string Database, string User)
{
    /// <summary>Seconds a hook waits for a connection or a query: it must answer within 2 s even when the server is gone.</summary>
    public const int HookTimeoutSeconds = 2;

    /// <summary>Seconds a command waits to connect (a busy machine can be slow to finish the TLS handshake).</summary>
    public const int CommandConnectSeconds = 15;

    public string Display => $"postgresql://{User}@{Host}:{Port}/{Database}";

    public static PgConnectionString Parse(string url, Func<string, string?> env, bool hook = false, bool pooled = false)
    {
        if (!Uri.TryCreate(WithHost(url), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw KosException.Input($"'{Ledger.StoreUrls.Redact(url)}' is not a PostgreSQL URL. Use postgresql://USER@HOST:PORT/DB.");
        }

        var userInfo = uri.UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        if (user.Length == 0)
        {
            user = env("PGUSER") ?? Environment.UserName;
        }

        var host = uri.Host is "" or NoHost ? env("PGHOST") ?? "localhost" : uri.Host.Trim('[', ']');
        var port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            database = user;
        }

        string? ssl = null;
        var timeout = hook ? HookTimeoutSeconds : CommandConnectSeconds;
        var application = "kos";
        foreach (var (key, value) in Query(uri.Query))
        {
            switch (key)
            {
                case "sslmode":
                    ssl = SslMode(value, url);
                    break;
                case "application_name":
                    application = value;
                    break;
                case "host" when value.Length > 0:
                    // libpq's form for a Unix-domain socket folder (a local PostgreSQL or a pooler such as PgBouncer):
                    // postgresql://USER@/DB?host=/var/run/postgresql
                    host = value;
                    break;
                case "port" when int.TryParse(value, out var p) && p is > 0 and < 65536:
                    port = p;
                    break;
                case "connect_timeout" when int.TryParse(value, out var t) && t > 0:
                    timeout = hook ? Math.Min(t, HookTimeoutSeconds) : t;
                    break;
                default:
                    throw KosException.Input($"{Ledger.StoreUrls.Redact(url)}: the URL parameter '{key}' is not supported (use host, port, sslmode, application_name, connect_timeout).");
            }
        }

        var sb = new StringBuilder();
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Host", host);
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Database", database);
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Username", user);
        if ((password ?? env("PGPASSWORD")) is { Length: > 0 } pw)
        {
            DbConnectionStringBuilder.AppendKeyValuePair(sb, "Password", pw);
        }

        if (ssl is not null)
        {
            DbConnectionStringBuilder.AppendKeyValuePair(sb, "SSL Mode", ssl);
        }

        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Timeout", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Command Timeout", hook ? "2" : "60");
        // A process that opens once and exits gains nothing from a pool; one that lives on keeps its connections warm.
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Pooling", pooled ? "true" : "false");
        // kos reads and writes only text, bigint, int and bool: skip loading the server's type catalogue,
        // a query per new connection (and every hook process opens one).
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Server Compatibility Mode", "NoTypeLoading");
        DbConnectionStringBuilder.AppendKeyValuePair(sb, "Application Name", application);
        return new PgConnectionString(sb.ToString(), host, port, database, user);
    }

    private const string NoHost = "kos-no-host.invalid";

    /// <summary>
    /// libpq allows an empty host (<c>postgresql://USER@/DB?host=/run/postgresql</c>, <c>postgresql:///DB</c>), which
    /// <see cref="Uri"/> refuses: a placeholder stands in, and PGHOST, the host parameter or localhost replaces it.
    /// </summary>
    private static string WithHost(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        var hostPort = at < 0 ? authority : authority[(at + 1)..];
        return hostPort.Length == 0 || hostPort[0] == ':' ? url.Insert(start + at + 1, NoHost) : url;
    }

    private static IEnumerable<(string Key, string Value)> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? (p, "") : (Uri.UnescapeDataString(p[..eq]), Uri.UnescapeDataString(p[(eq + 1)..]));
        });

    private static string SslMode(string value, string url) => value switch
    {
        "disable" => "Disable",
        "allow" => "Allow",
        "prefer" => "Prefer",
        "require" => "Require",
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => throw KosException.Input($"{Ledger.StoreUrls.Redact(url)}: sslmode={value} is not one of disable, allow, prefer, require, verify-ca, verify-full."),
    };
}
