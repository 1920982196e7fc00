using KnowledgeOS.Context;

namespace KnowledgeOS.Context;

/// <summary><c>kernel.Context</c>: context packs: build (and record) one, verify one.</summary>
public interface IContextPacks
{
    /// <summary>
    /// Builds the task's context pack within <paramref name="budget"/> tokens and records its hash
    /// (a <c>context.packed</c> event with the basis <see cref="Verify"/> compares against).
    /// Same ledger state and tree, same pack, same hash. Event hashes and digests appear only with <paramref name="hashes"/>.
    /// </summary>
    /// <param name="archived">Read the task's archived events too (<see cref="Ledger.Archive.ILedgerArchive.ArchivedEvents"/>, each archive verified): for a
    /// task reopened after its history was archived.</param>
    ContextPack Build(string taskId, int budget, PackFormat format, bool record = true, bool hashes = false, bool archived = false);

    /// <summary>Whether the pack with <paramref name="packHash"/> (a prefix is enough; default: the task's latest) still holds.</summary>
    ContextVerdict Verify(string taskId, string? packHash);
}
