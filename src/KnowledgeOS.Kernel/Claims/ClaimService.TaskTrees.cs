using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

internal sealed partial class ClaimService
{
    /// <summary>Where <paramref name="task"/>'s work lives (see <see cref="TaskTrees"/>).</summary>
    public TaskTree TreeOf(ILedgerReader r, TaskState task) => TaskTrees.Of(kernel.Project, r, task);
}
