using KnowledgeOS.Ledger;

namespace KnowledgeOS.Specs;

/// <summary><c>kernel.Specs</c>: specs: create, import, record versions, align a task with its spec.</summary>
public interface ISpecs
{
    /// <summary>Writes a new spec file and records its first version.</summary>
    (Spec Spec, LedgerEvent? Event) Create(string title, string intent, IReadOnlyList<string> requirements, IReadOnlyList<string> evals, IReadOnlyList<string> nonGoals);

    /// <summary>Imports a spec written elsewhere; it gets an ID if its front matter has none.</summary>
    (Spec Spec, LedgerEvent? Event) CreateFrom(string file);

    /// <summary>Records a spec version the ledger has not seen; returns null when it already has it.</summary>
    LedgerEvent? Record(ILedgerWriter w, Spec spec);

    /// <summary>Reports drift; with <paramref name="accept"/>, rebinds the task to the spec as it is now.</summary>
    AlignResult Align(string taskId, bool accept, IReadOnlyList<string>? rebind);
}
