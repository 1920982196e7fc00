namespace KnowledgeOS.Launch;

/// <summary>
/// Keeps the team store out of a governed agent's reach. On PostgreSQL the ledger is not a file a sandbox can make
/// read-only: an agent holding kos's database secret, or reaching a local socket that asks for none, could insert
/// events of its own. So on the team store the agent's environment loses the database secrets, a sandbox around the
/// whole agent hides the password and service files and the store's local sockets, and the agent's hooks are answered
/// by <c>kos agent</c> outside, with kos's own store settings (<see cref="StoreVariables"/>).
/// </summary>
public static class StoreReach
{
    /// <summary>The variables that carry a PostgreSQL secret, or point at one.</summary>
    public static readonly string[] SecretVariables = ["PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE", "PGSSLKEY", "PGSSLPASSWORD"];

    public static bool IsTeamStore(string? url) =>
        url is not null && (url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>kos's own store settings in <paramref name="env"/>: <c>KOS_STORE</c> and every <c>PG*</c> variable.</summary>
    public static Dictionary<string, string> StoreVariables(IReadOnlyDictionary<string, string> env) =>
        env.Where(kv => IsStoreVariable(kv.Key)).ToDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> chooses or reaches kos's store: <c>KOS_STORE</c>, or a libpq <c>PG*</c> variable.</summary>
    public static bool IsStoreVariable(string name) => name == Ledger.StoreFactory.EnvVar || name.StartsWith("PG", StringComparison.Ordinal);

    /// <summary>The agent's environment without the database secrets; <c>KOS_STORE</c> keeps its URL without the password.</summary>
    public static void Scrub(IDictionary<string, string> env)
    {
        foreach (var name in SecretVariables)
        {
            env.Remove(name);
        }

        if (env.TryGetValue(Ledger.StoreFactory.EnvVar, out var url))
        {
            env[Ledger.StoreFactory.EnvVar] = Ledger.StoreUrls.WithoutPassword(url);
        }
    }

    /// <summary>
    /// What a sandbox around the agent hides (existing paths only): the password and service files libpq and kos read
    /// (<see cref="StoreSecrets.Files"/>), and the Unix sockets the store's URL reaches the server by, a socket folder
    /// given as <c>host=/dir</c> or as the host, or with no host libpq's default folders (<see cref="StoreSecrets.Sockets"/>).
    /// </summary>
    public static StoreSecrets Hidden(string url, Func<string, string?> env)
    {
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] files =
        [
            env("PGPASSFILE") is { Length: > 0 } pass ? pass : Path.Combine(home, ".pgpass"),
            env("PGSERVICEFILE") is { Length: > 0 } service ? service : Path.Combine(home, ".pg_service.conf"),
        ];
        static List<string> Existing(IEnumerable<string> paths) => [.. paths.Where(f => Path.Exists(f) && !Directory.Exists(f)).Distinct(StringComparer.Ordinal)];
        return new StoreSecrets(Existing(files), Existing(Sockets(url)));
    }

    /// <summary>The Unix socket files a <c>postgresql://</c> URL may connect through (<c>DIR/.s.PGSQL.PORT</c>).</summary>
    public static IReadOnlyList<string> Sockets(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var q = rest.IndexOf('?');
        var query = q >= 0 ? rest[(q + 1)..] : "";
        var authority = (q >= 0 ? rest[..q] : rest).Split('/')[0];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        var hosts = parameters.TryGetValue("host", out var qh) ? qh.Split(',') : authority.Split(',').Select(a => a.StartsWith('[') ? a : a.Split(':')[0]).ToArray();
        var port = parameters.TryGetValue("port", out var qp) ? qp.Split(',')[0]
            : authority.Split(',')[0] is var first && !first.StartsWith('[') && first.Contains(':', StringComparison.Ordinal) ? first.Split(':')[1] : "5432";
        var sockets = new List<string>();
        foreach (var host in hosts.Select(Uri.UnescapeDataString))
        {
            string[] dirs = host.Length == 0 ? ["/var/run/postgresql", "/run/postgresql", "/tmp"] : host.StartsWith('/') ? [host] : [];
            sockets.AddRange(dirs.Select(d => Path.Combine(d, ".s.PGSQL." + (port.Length > 0 ? port : "5432"))));
        }

        return sockets;
    }
}

/// <summary>The team store's secrets a sandbox hides: password and service files, and the store's local sockets.</summary>
public sealed record StoreSecrets(IReadOnlyList<string> Files, IReadOnlyList<string> Sockets)
{
    public static readonly StoreSecrets None = new([], []);

    public IReadOnlyList<string> All => [.. Files, .. Sockets];
}
