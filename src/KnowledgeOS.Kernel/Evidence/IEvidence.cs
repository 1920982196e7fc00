using KnowledgeOS.Evidence;

namespace KnowledgeOS.Evidence;

/// <summary><c>kernel.Evidence</c>: running a task's evals and recording the evidence.</summary>
public interface IEvidence
{
    /// <summary>
    /// Runs every eval of a task itself and records one <c>evidence.recorded</c> event per eval,
    /// against the working-tree digest taken before the first eval. Output streams to <paramref name="live"/>.
    /// </summary>
    EvidenceRun RunEvals(string taskId, TextWriter live);
}
