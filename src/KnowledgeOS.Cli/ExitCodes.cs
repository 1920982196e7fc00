namespace KnowledgeOS.Cli;

/// <summary>kos exit statuses. Documented in the README; hooks and scripts depend on them.</summary>
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
}
