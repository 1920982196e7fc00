using KnowledgeOS.Ledger;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>The registry entry a capability maps to and its policy: allow, ask, deny or unknown.</summary>
internal sealed record RegistryMatch(string? Entry, string Policy);

/// <summary>
/// The adapters' one call site for the registry (branch <c>registry</c>). Until it is merged
/// every capability is <c>unknown</c> and nothing is denied on registry grounds.
/// </summary>
internal static class RegistryPolicy
{
    public static RegistryMatch Lookup(Kernel kernel, ILedgerReader r, string capability, string? task) => new(null, "unknown");
}
