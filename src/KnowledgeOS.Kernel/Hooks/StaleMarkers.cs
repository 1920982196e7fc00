using System.Text.Json;
using KnowledgeOS.Events;
using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Hooks;

/// <summary>
/// A marker in a final message is a claim about now, not about some earlier moment: it counts only if it
/// quotes the latest event of its kind and nothing it attests has changed since. An earlier, real
/// <c>[SYNC_OK]</c> replayed after new out-of-scope writes, or a <c>CHECKPOINT_OK</c> of a phase the task
/// has since left, is stale. (<c>TRACE_OK</c> quotes a count and a head the ledger really had; hooks append
/// events on every call, so it is checked as a claim about that moment only.)
/// </summary>
public static class StaleMarkers
{
    /// <summary>Why the verified marker <paramref name="check"/> no longer holds, or null when it does.</summary>
    public static string? Why(Kernel kernel, ILedgerReader r, MarkerCheck check)
    {
        if (check.Status != MarkerStatus.Valid || check.Event is not { } e)
        {
            return null;
        }

        if (e.Type == EventCatalog.PostflightOk.Name)
        {
            foreach (var later in r.Events(null, e.Seq))
            {
                if (later.Type == EventCatalog.PostflightOk.Name || later.Type == EventCatalog.PostflightFailed.Name)
                {
                    return $"a later postflight (event {later.Seq}, {later.Type}) replaced it; quote the latest one";
                }

                if (later.Type == EventCatalog.ScopeViolation.Name || later.Type == EventCatalog.ChangeUnattributed.Name)
                {
                    return $"the tree changed after it ({later.Type}, event {later.Seq}); run 'kos postflight' again";
                }
            }

            var tree = Payload(e, "tree");
            return tree is not null && WorkingTree.Digest(kernel.Project) != tree
                ? "the working tree has changed since that postflight; run 'kos postflight' again"
                : null;
        }

        if (e.Task is { } task && (e.Type.StartsWith("capability", StringComparison.Ordinal) || Markers.PayloadString(e, "phase") is not null))
        {
            var capability = Markers.PayloadString(e, "capability");
            foreach (var later in r.Events(task, e.Seq))
            {
                if (capability is null && Markers.PayloadString(later, "phase") is { } phase)
                {
                    return $"{task} has moved on to phase {phase} since (event {later.Seq})";
                }

                if (capability is not null && later.Type == e.Type && Markers.PayloadString(later, "capability") == capability)
                {
                    return $"a later use of {capability} (event {later.Seq}) is the latest of its kind";
                }
            }
        }

        return null;
    }

    private static string? Payload(LedgerEvent e, string property)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        return doc.RootElement.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
