using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Specs;

namespace KnowledgeOS.Tasks;

/// <summary>A request to create a task.</summary>
public sealed record NewTask(
    string Title,
    string? Intent,
    string? SpecId,
    IReadOnlyList<string> Requirements,
    IReadOnlyList<string> Evals,
    bool Quick = false,
    IReadOnlyList<string>? QuickScope = null,
    string? Session = null,
    string? Agent = null);

/// <summary>The <see cref="ITaskLifecycle"/> service, created once per kernel.</summary>
internal sealed partial class TaskLifecycle(Kernel kernel) : ITaskLifecycle
{
    /// <summary>Creates a task in intake (a quick task goes on through route, plan and dispatch).</summary>
    public MoveResult Create(NewTask request)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw KosException.Input("A task needs a title: kos create-task \"Title\" …");
        }

        Specs.Spec? spec = null;
        if (request.SpecId is not null)
        {
            spec = new SpecCatalog(kernel.Project.SpecsDir).Load(request.SpecId, kernel.Project.Root);
            var unknown = request.Requirements.Where(r => spec.Find(r) is null).ToList();
            if (unknown.Count > 0)
            {
                throw KosException.Input(
                    $"Spec {spec.Id} has no requirement {string.Join(", ", unknown)}. Its requirements: " +
                    string.Join(", ", spec.Requirements.Select(r => r.Id)) + ".");
            }
        }
        else if (request.Requirements.Count > 0)
        {
            throw KosException.Input("--req names requirements of a spec: pass --spec S-… too.");
        }

        if (request.Quick && (request.QuickScope is null || request.QuickScope.Count == 0))
        {
            throw KosException.Input("A quick task needs its write scope: kos create-task \"Fix typo\" --quick --scope README.md");
        }

        try
        {
            return kernel.Store.Write(w => Insert(w, request, spec));
        }
        catch (QuickRefused refused)
        {
            // The transaction rolled back: no task, no events. The refusal is the answer.
            return refused.Result with { Discarded = true };
        }
    }

    /// <summary>Thrown inside the write transaction to undo a quick create whose route/plan/dispatch was refused.</summary>
    private sealed class QuickRefused(MoveResult result) : Exception("quick create refused")
    {
        public MoveResult Result { get; } = result;
    }

    private MoveResult Insert(ILedgerWriter w, NewTask request, Specs.Spec? spec)
    {
        if (spec is not null)
        {
            kernel.Specs.Record(w, spec);
        }

        var id = NewTaskId(w);
        var now = kernel.Now();
        var task = new TaskState
        {
            Id = id,
            Title = request.Title.Trim(),
            Intent = request.Intent?.Trim() ?? spec?.Intent ?? (request.Quick ? request.Title.Trim() : ""),
            SpecId = spec?.Id,
            SpecHash = spec?.Hash,
            Requirements = request.Requirements.Select(r => r.ToUpperInvariant()).Distinct().ToList(),
            Phase = Phase.Intake,
            Evals = request.Evals,
            Quick = request.Quick,
            CreatedAt = now,
            CreatedBy = kernel.Actor,
            UpdatedAt = now,
        };

        var payload = new TaskMoved
        {
            Phase = "",
            Title = task.Title,
            Intent = task.Intent,
            Spec = task.SpecId,
            SpecHash = task.SpecHash,
            Requirements = task.Requirements,
            Evals = task.Evals,
            Quick = task.Quick,
        };
        var created = Enter(w, task with { Phase = Phase.Intake }, task, Phase.Intake, EventCatalog.TaskCreated, payload);
        if (!created.Ok || !request.Quick)
        {
            return created;
        }

        var quick = Chain(created,
            t => Route(w, t, request.QuickScope!, request.Agent ?? "any"),
            t => Plan(w, t, [$"{string.Join(",", t.Requirements)}{(t.Requirements.Count > 0 ? ": " : "")}{t.Title}"]),
            t => Dispatch(w, t, request.Session ?? kernel.Session ?? $"quick-{t.Id}", request.Agent, TimeSpan.FromMinutes(30)));
        return quick.Ok ? quick : throw new QuickRefused(quick);
    }

    /// <summary>Finds a task by ID, unique prefix or case variant; a miss suggests the nearest IDs.</summary>
    public TaskState Resolve(ILedgerReader r, string input)
    {
        var wanted = input.Trim();
        if (kernel.FindTask(r, wanted) is { } exact)
        {
            return exact;
        }

        var rows = r.ListTasks();
        var normal = wanted.StartsWith("T-", StringComparison.OrdinalIgnoreCase) ? wanted : "T-" + wanted;
        var matches = rows.Where(t => t.Id.StartsWith(normal, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return kernel.FindTask(r, matches[0].Id)!;
        }

        if (matches.Count > 1)
        {
            throw KosException.Input($"'{input}' matches several tasks: {string.Join(", ", matches.Take(5).Select(m => m.Id))}. Give more of the ID.");
        }

        var near = rows
            .Select(t => (t.Id, t.Title, D: Math.Min(Ids.Distance(t.Id, normal), Ids.Distance(t.Title, wanted))))
            .Where(t => t.D <= Math.Max(3, wanted.Length / 3) || t.Title.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.D).Take(3).ToList();
        var hint = near.Count > 0
            ? " Did you mean " + string.Join(", ", near.Select(n => $"{n.Id} ({n.Title})")) + "?"
            : rows.Count == 0 ? " There are no tasks yet: create one with 'kos create-task'." : " See 'kos list'.";
        throw KosException.Input($"No task {input}.{hint}");
    }

    private string NewTaskId(ILedgerReader r)
    {
        // 40 random bits; on the rare local collision, mint another.
        for (var i = 0; ; i++)
        {
            var id = Ids.New('T', i < 3 ? 8 : 12);
            if (r.GetTaskJson(id) is null)
            {
                return id;
            }
        }
    }
}
