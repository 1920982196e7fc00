namespace KnowledgeOS.Cli;

/// <summary>kos exit statuses. Documented in the README and in every command's --help; hooks and scripts depend on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A gate refused, a verification failed, a marker is forged, a spec drifted.</summary>
    public const int Refused = 1;
    /// <summary>Bad input: usage, unknown ID, malformed spec or config.</summary>
    public const int Input = 2;
    /// <summary>The environment is not ready: not a git repository, not initialised, damaged ledger.</summary>
    public const int Environment = 3;
    /// <summary>check-route-write: at least one path is not writable.</summary>
    public const int Denied = 4;
    /// <summary>A bug in kos.</summary>
    public const int Internal = 70;

    /// <summary>Every exit status and what it means, as --help lists them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Documented { get; } =
    [
        (Ok, "ok"),
        (Refused, "refused: a gate refused, a verification failed, a marker is forged, a spec drifted"),
        (Input, "bad input: usage, unknown ID, malformed spec or config"),
        (Environment, "environment not ready: not a git repository, not initialised, damaged ledger"),
        (Denied, "check-route-write: a path may not be written"),
        (Internal, "a bug in kos"),
    ];
}
