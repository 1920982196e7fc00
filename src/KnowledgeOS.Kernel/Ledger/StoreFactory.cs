using KnowledgeOS.Ledger.Sqlite;
using KnowledgeOS.Project;

namespace KnowledgeOS.Ledger;

/// <summary>A store engine kos can open by URL (PostgreSQL lives in its own assembly and registers here).</summary>
public interface IStoreProvider
{
    /// <summary>Whether this provider opens <paramref name="url"/> (by its scheme).</summary>
    bool Handles(string url);

    /// <summary>Opens the engine; with <see cref="StoreTarget.Create"/>, creates or migrates the schema and registers the project first.</summary>
    IStoreEngine Open(StoreTarget target);
}

/// <summary>
/// What a provider is asked to open: the URL, the project's key in a shared store, the environment.
/// <see cref="Hook"/>: an agent waits on this process, so every wait (connecting, a lock, a query) is bounded by 2 s.
/// <see cref="Warm"/>: the process lives on and opens the store again and again (<c>kos agent</c>'s hook broker), so the
/// engine keeps its connections open for the next open instead of connecting anew each time.
/// </summary>
public sealed record StoreTarget(string Url, string Project, Func<string, string?> Env, bool Create, bool Hook = false, bool Warm = false);

/// <summary>
/// The one place that chooses the ledger's store: <c>KOS_STORE</c>, else <c>[store] url</c> in
/// config.toml, else the embedded SQLite file. Nothing else names a concrete engine.
/// </summary>
public static class StoreFactory
{
    public const string EnvVar = "KOS_STORE";

    /// <summary>Set by a process that lives on and opens the store for every request (<c>kos agent</c>'s hook broker).</summary>
    public static bool KeepConnections { get; set; }

    private static readonly List<IStoreProvider> Providers = [];

    /// <summary>Makes an engine available by URL scheme (called once at process start by the executables).</summary>
    public static void Register(IStoreProvider provider)
    {
        lock (Providers)
        {
            if (!Providers.Any(p => p.GetType() == provider.GetType()))
            {
                Providers.Add(provider);
            }
        }
    }

    /// <summary>
    /// The configured store URL, or null for the embedded SQLite ledger: <c>KOS_STORE</c>, else <c>[store] url</c>,
    /// else the store this clone joined at <c>kos init</c> (so a scrubbed environment still finds it).
    /// </summary>
    public static string? Url(KosProject project, KosConfig config, Func<string, string?> env) =>
        Url(config, env) ?? (env(EnvVar) is null or "" && Joined(project) is { } joined ? joined : null);

    private static string? Joined(KosProject project)
    {
        try
        {
            return File.ReadAllText(project.StoreUrlPath).Trim() is { Length: > 0 } url ? url : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records the store this clone joined (without its password) beside the project key.</summary>
    internal static void Remember(KosProject project, string key, string url)
    {
        Directory.CreateDirectory(project.StateDir);
        File.WriteAllText(project.StoreMarkerPath, key + "\n");
        File.WriteAllText(project.StoreUrlPath, StoreUrls.WithoutPassword(url) + "\n");
    }

    /// <summary>The store URL from the environment or config.toml alone, or null.</summary>
    public static string? Url(KosConfig config, Func<string, string?> env)
    {
        if (env(EnvVar) is { Length: > 0 } fromEnv)
        {
            return fromEnv.Trim() is "sqlite" or "" ? null : fromEnv.Trim();
        }

        if (config.StoreUrl is { } url && StoreUrls.HasPassword(url))
        {
            throw KosException.Input(
                "config.toml: [store] url holds a password, and config.toml is committed. Remove the password from the URL " +
                "and give it through PGPASSWORD or ~/.pgpass instead.");
        }

        return config.StoreUrl is null or "sqlite" ? null : config.StoreUrl;
    }

    /// <summary>Opens an initialised project's ledger; <paramref name="hook"/> bounds every wait for an agent's hook.</summary>
    public static LedgerStore Open(KosProject project, KosConfig config, Func<string, string?> env, TimeProvider clock, bool hook = false) =>
        new LedgerStore(Engine(project, config, env, create: false, hook), clock);

    /// <summary>Opens the ledger for <c>kos init</c>: creates the SQLite file, or migrates the shared schema and registers the project.</summary>
    public static LedgerStore OpenOrCreate(KosProject project, KosConfig config, Func<string, string?> env, TimeProvider clock) =>
        new LedgerStore(Engine(project, config, env, create: true), clock);

    /// <summary>Opens the store at <paramref name="url"/> for <paramref name="projectKey"/> (store migrate/export).</summary>
    public static LedgerStore OpenUrl(string url, string projectKey, Func<string, string?> env, TimeProvider clock, bool create) =>
        new LedgerStore(Remote(url).Open(new StoreTarget(url, projectKey, env, create)), clock);

    /// <summary>Opens (creating if missing) an embedded SQLite ledger file at <paramref name="path"/>.</summary>
    public static LedgerStore OpenFile(string path, TimeProvider clock, bool create) =>
        new LedgerStore(create ? SqliteLedgerStore.OpenOrCreate(path) : SqliteLedgerStore.Open(path), clock);

    /// <summary>The project's key in a shared store: <c>[store] project</c>, else the key <c>kos init</c> recorded in this clone.</summary>
    public static string ProjectKey(KosProject project, KosConfig config)
    {
        if (config.StoreProject is { } key)
        {
            return key;
        }

        try
        {
            return File.ReadAllText(project.StoreMarkerPath).Trim();
        }
        catch (IOException)
        {
            throw KosException.Environment($"This clone is not registered with the shared store. Run 'kos init' in {project.Root}.");
        }
    }

    private static IStoreEngine Engine(KosProject project, KosConfig config, Func<string, string?> env, bool create, bool hook = false)
    {
        if (Url(project, config, env) is not { } url)
        {
            if (File.Exists(project.StoreMarkerPath) && !File.Exists(project.LedgerPath))
            {
                // A scrubbed environment (env -u KOS_STORE) must not split the history into a fresh local ledger.
                throw KosException.Environment(
                    $"This clone keeps its ledger on the team store (project {File.ReadAllText(project.StoreMarkerPath).Trim()}), " +
                    $"but no store is configured here: set {EnvVar}=postgresql://USER@HOST:PORT/DB, or [store] url in .agent-os/config.toml.");
            }

            return create ? SqliteLedgerStore.OpenOrCreate(project.LedgerPath)
                : SqliteLedgerStore.Open(project.LedgerPath, hook ? SqliteLedgerStore.HookUpgradeLimit : null);
        }

        var key = create ? config.StoreProject ?? ProjectIdentity.Of(project) : ProjectKey(project, config);
        var engine = Remote(url).Open(new StoreTarget(url, key, env, create, hook, KeepConnections));
        if (create)
        {
            Remember(project, key, url);
        }

        return engine;
    }

    private static IStoreProvider Remote(string url)
    {
        lock (Providers)
        {
            return Providers.FirstOrDefault(p => p.Handles(url)) ?? throw KosException.Input(
                $"{EnvVar} / [store] url '{StoreUrls.Redact(url)}' is not a store kos knows. Use postgresql://USER@HOST:PORT/DB, or unset it for the embedded SQLite ledger.");
        }
    }
}
