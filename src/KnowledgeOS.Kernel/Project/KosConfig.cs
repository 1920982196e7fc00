using Tomlyn;
using Tomlyn.Serialization;

namespace KnowledgeOS.Project;

/// <summary>The human-edited <c>.agent-os/config.toml</c>, validated.</summary>
public sealed record KosConfig(
    Strictness Strictness,
    IReadOnlyDictionary<string, Strictness> GateOverrides,
    IReadOnlyList<string> DefaultEvals,
    TimeSpan EvalTimeout,
    IReadOnlyList<string> ProtectedPatterns)
{
    public static readonly IReadOnlyList<string> DefaultSecretPatterns =
        [".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "id_rsa*", "id_ed25519*", "id_ecdsa*", ".npmrc", ".pypirc", ".netrc"];

    public static KosConfig Default { get; } = new(
        Strictness.Standard, new Dictionary<string, Strictness>(), [], TimeSpan.FromMinutes(10), DefaultSecretPatterns);

    /// <summary><c>[store] url</c>: where the ledger lives when not in the embedded SQLite file (no password here).</summary>
    public string? StoreUrl { get; init; }

    /// <summary><c>[store] project</c>: the project's key in a shared store (default: the repository's root commit).</summary>
    public string? StoreProject { get; init; }

    /// <summary>The strictness a named gate runs under: its override, else the project's.</summary>
    public Strictness For(string gate) => GateOverrides.TryGetValue(gate, out var s) ? s : Strictness;

    public static KosConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return Default;
        }

        ConfigFile file;
        try
        {
            file = TomlSerializer.Deserialize(File.ReadAllText(path), ConfigToml.Default.ConfigFile) ?? new ConfigFile();
        }
        catch (TomlException e)
        {
            throw KosException.Input($"{path}: {e.Message.Trim()}. Fix the TOML syntax (see 'kos init' for the template).");
        }

        return FromFile(path, file);
    }

    private static KosConfig FromFile(string path, ConfigFile file)
    {
        var strictness = Strictness.Standard;
        if (file.Strictness is not null && !StrictnessNames.TryParse(file.Strictness, out strictness))
        {
            throw KosException.Input($"{path}: strictness = \"{file.Strictness}\" is not one of strict, standard, advisory, off.");
        }

        var gates = new Dictionary<string, Strictness>(StringComparer.Ordinal);
        foreach (var (gate, level) in file.Gates ?? [])
        {
            if (!StrictnessNames.TryParse(level, out var s))
            {
                throw KosException.Input($"{path}: [gates] {gate} = \"{level}\" is not one of strict, standard, advisory, off.");
            }

            gates[gate] = s;
        }

        var timeout = file.Evals?.TimeoutSeconds ?? 600;
        if (timeout <= 0)
        {
            throw KosException.Input($"{path}: [evals] timeout_seconds must be a positive number of seconds, not {timeout}.");
        }

        return new KosConfig(
            strictness,
            gates,
            file.Evals?.Default ?? [],
            TimeSpan.FromSeconds(timeout),
            [.. DefaultSecretPatterns, .. file.Paths?.Protected ?? []])
        {
            StoreUrl = file.Store?.Url is { Length: > 0 } url ? url : null,
            StoreProject = file.Store?.Project is { Length: > 0 } key ? key : null,
        };
    }

    public const string Template = """
        # KnowledgeOS project configuration. People edit this file; kos only reads it.

        # How hard kos pushes back: strict | standard | advisory | off
        #   strict    every gate enforced, independent review, unknown capabilities denied
        #   standard  scope, evidence, spec alignment and trace gates enforced; review optional
        #   advisory  everything recorded, refusals become warnings
        strictness = "standard"

        # Per-gate overrides (gate names: spec, plan-coverage, review, evidence, lifecycle, scope, alignment).
        [gates]
        # review = "strict"

        [evals]
        # Commands `kos eval-task` runs for every task, in the repository root.
        default = []
        timeout_seconds = 600

        [paths]
        # Never writable by agents, in addition to .git/, .agent-os/state/, .agent-os/config*
        # and the built-in secret patterns (.env*, *.pem, *.key, id_rsa*, ...).
        protected = []

        [store]
        # Where the ledger lives. Default: the embedded SQLite file .agent-os/state/ledger.db.
        # A team shares one PostgreSQL ledger: url = "postgresql://kos@db.example:5432/kos"
        # (never put the password here: it comes from PGPASSWORD or ~/.pgpass). KOS_STORE overrides this.
        # url = ""

        """;
}

internal sealed class ConfigFile
{
    [TomlPropertyName("strictness")]
    public string? Strictness { get; set; }

    [TomlPropertyName("gates")]
    public Dictionary<string, string>? Gates { get; set; }

    [TomlPropertyName("evals")]
    public EvalsSection? Evals { get; set; }

    [TomlPropertyName("paths")]
    public PathsSection? Paths { get; set; }

    [TomlPropertyName("store")]
    public StoreSection? Store { get; set; }
}

internal sealed class StoreSection
{
    [TomlPropertyName("url")]
    public string? Url { get; set; }

    [TomlPropertyName("project")]
    public string? Project { get; set; }
}

internal sealed class EvalsSection
{
    [TomlPropertyName("default")]
    public List<string>? Default { get; set; }

    [TomlPropertyName("timeout_seconds")]
    public int? TimeoutSeconds { get; set; }
}

internal sealed class PathsSection
{
    [TomlPropertyName("protected")]
    public List<string>? Protected { get; set; }
}

[TomlSerializable(typeof(ConfigFile))]
internal sealed partial class ConfigToml : TomlSerializerContext;
