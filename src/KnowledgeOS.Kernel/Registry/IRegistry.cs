using KnowledgeOS.Capabilities;
using KnowledgeOS.Ledger;
using KnowledgeOS.Registry.Catalog;

namespace KnowledgeOS.Registry;

/// <summary><c>kernel.Registry</c>: the capability registry: entries, sync, probes, orchestrator catalogs, specialists, and its verdict on a tool.</summary>
public interface IRegistry
{
    IReadOnlyList<RegistryEntry> Entries(ILedgerReader? r = null);

    RegistryEntry? Find(ILedgerReader r, string kind, string name);

    /// <summary>Finds an entry by <c>kind/name</c> or by a name only one kind uses; a miss suggests near names.</summary>
    RegistryEntry Resolve(ILedgerReader r, string input);

    /// <summary>Sets an entry's policy; no event when it already has that policy.</summary>
    (RegistryEntry Entry, LedgerEvent? Event) SetPolicy(string name, string policy);

    /// <summary>Adds or updates an entry by hand. Imported entries are changed in their source file, not here.</summary>
    (RegistryEntry Entry, LedgerEvent? Event) Add(RegistryEntry entry);

    /// <summary>
    /// Imports every declared capability. Idempotent: an unchanged entry appends nothing. Policy,
    /// scope and probe results set in kos survive a re-sync. An entry whose declaration disappeared is
    /// marked missing, never dropped; entries of a file that failed to parse are left as they were.
    /// </summary>
    SyncResult Sync();

    /// <summary>Records what probing a server found; every probe is an observation, so it always appends.</summary>
    (RegistryEntry Entry, LedgerEvent Event) RecordProbe(string key, ProbeResult probe);

    /// <summary>
    /// Decides a tool use against the registry and the strictness: allow → CAPABILITY_OK; deny → refuse;
    /// unknown (or whose source disappeared) → refused in strict mode, recorded as unknown otherwise.
    /// Reads one projection row: cheap enough for the hook path.
    /// </summary>
    CapabilityDecision DecideCapability(string toolName, string? subagentType, string? skill);

    CapabilityDecision DecideCapability(ILedgerReader r, ToolUse use);

    /// <summary>
    /// Records each specialist of an orchestrator's catalog as a subagent entry linked to it: its tools, its
    /// dispatch name and tools per runtime, and its methodology hash (a changed one is a new version).
    /// Idempotent; specialists the catalog no longer lists are marked missing.
    /// </summary>
    SyncResult ImportCatalog(string orchestratorKey, IReadOnlyList<CatalogAgent> agents);

    /// <summary>
    /// The subagent entry an agent dispatched by <paramref name="dispatched"/>: the entry of that name, a plugin's
    /// namespaced form (<c>maestro:coder</c> → the <c>coder</c> linked to <c>orchestrator/maestro</c>), or the
    /// specialist whose dispatch name under some runtime it is (Gemini's <c>code_reviewer</c>).
    /// </summary>
    RegistryEntry? FindSpecialist(ILedgerReader r, string dispatched);

    /// <summary>
    /// Gemini CLI and Qwen Code dispatch a subagent by calling a tool named after it (<c>code_reviewer</c>): a tool call the
    /// classifier does not know becomes that specialist's dispatch when a specialist has that dispatch name for the runtime.
    /// </summary>
    ToolUse AsSpecialistDispatch(ILedgerReader r, string agent, ToolUse use);

    /// <summary>
    /// A tool call made inside a subagent (<paramref name="agentType"/>, as the agent's hook reports it) against the
    /// tools that subagent is declared to use under <paramref name="agent"/>'s runtime. Null when nothing restricts it
    /// (not a registry subagent, no declared tools, the tool is declared, checks off); otherwise a deny in strict mode
    /// and an allow with a warning below it.
    /// </summary>
    CapabilityDecision? DecideSpecialistTool(ILedgerReader r, string agent, string agentType, string tool);
}
