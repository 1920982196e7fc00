namespace KnowledgeOS;

/// <summary>Why a command could not run at all.</summary>
public enum KosErrorKind
{
    /// <summary>The user's input is wrong: a bad argument, a malformed spec, an unknown ID.</summary>
    Input,
    /// <summary>The environment is not ready: not a git repository, not initialised, damaged ledger.</summary>
    Environment,
    /// <summary>The request is well-formed but not allowed now, such as an illegal phase transition.</summary>
    Refused,
}

/// <summary>The root of every exception kos throws on purpose. The message is written for the user.</summary>
public class KosException(KosErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public KosErrorKind Kind { get; } = kind;

    public static KosException Input(string message) => new(KosErrorKind.Input, message);

    public static KosException Environment(string message, Exception? inner = null) => new(KosErrorKind.Environment, message, inner);

    public static KosException Refused(string message) => new(KosErrorKind.Refused, message);
}
