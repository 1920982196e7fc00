using KnowledgeOS.Ledger;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Capabilities;

/// <summary><c>kernel.Capabilities</c>: the one record path for capability uses (hooks and <c>kos capability-event</c>).</summary>
public interface ICapabilities
{
    /// <summary>The one record path for capability uses, in the caller's transaction; returns the event and the marker it earned.</summary>
    CapabilityRecord Record(ILedgerWriter w, CapabilityUse use);

    CapabilityRecord Record(CapabilityUse use);

    /// <summary>
    /// Records a use the registry has decided outside a hook (<c>kos capability-event</c>, for agents without hooks):
    /// the same event and fields a hook writes. Nobody can be asked here, so ask is recorded as asked, without a marker.
    /// </summary>
    CapabilityRecord Record(ToolUse use, CapabilityDecision decision, string? task, string? session);
}
