using KnowledgeOS.Claims;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS;

public sealed partial class Kernel
{
    /// <summary>Where <paramref name="task"/>'s work lives (see <see cref="TaskTrees"/>).</summary>
    public TaskTree TreeOf(ILedgerReader r, TaskState task) => TaskTrees.Of(Project, r, task);
}
