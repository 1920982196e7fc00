namespace KnowledgeOS.Project;

/// <summary>How hard kos pushes back. Gates decide what each level means for them.</summary>
public enum Strictness
{
    /// <summary>Nothing is checked; events are still recorded.</summary>
    Off,
    /// <summary>Everything is checked and recorded; refusals become warnings.</summary>
    Advisory,
    /// <summary>The default: scope, evidence and trace gates enforced; review optional.</summary>
    Standard,
    /// <summary>Every gate enforced, unknown capabilities denied, hooks fail closed.</summary>
    Strict,
}

public static class StrictnessNames
{
    public static string Name(this Strictness s) => s switch
    {
        Strictness.Off => "off",
        Strictness.Advisory => "advisory",
        Strictness.Standard => "standard",
        _ => "strict",
    };

    public static bool TryParse(string? text, out Strictness value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "off": value = Strictness.Off; return true;
            case "advisory": value = Strictness.Advisory; return true;
            case "standard": value = Strictness.Standard; return true;
            case "strict": value = Strictness.Strict; return true;
            default: value = Strictness.Standard; return false;
        }
    }
}
