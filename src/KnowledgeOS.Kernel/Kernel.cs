using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Gates;
using KnowledgeOS.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS;

/// <summary>
/// One project's kernel: the project, config, store, clock, gates and actor, and the feature services composed
/// over them, each behind its interface and created on first use. The decisions live in the services.
/// </summary>
public sealed class Kernel : IDisposable
{
    public Kernel(KosProject project, KosConfig config, ILedgerStore store, TimeProvider clock, IReadOnlyList<IGate> gates, string actor, string? session = null)
    {
        Project = project;
        Config = config;
        Store = store;
        Clock = clock;
        Gates = new GateRunner(gates);
        Actor = actor;
        Session = session;
    }

    public KosProject Project { get; }

    public KosConfig Config { get; }

    public ILedgerStore Store { get; }

    public TimeProvider Clock { get; }

    public GateRunner Gates { get; }

    /// <summary>Who is acting: <c>user:NAME</c>, <c>agent:claude</c>, …</summary>
    public string Actor { get; }

    /// <summary>The agent session this process acts for, if any.</summary>
    public string? Session { get; }

    /// <summary>Tasks and their lifecycle: create, resolve, route, plan, review, dispatch, report, complete, block, abandon, reopen, evals, the default task.</summary>
    public Tasks.ITaskLifecycle Tasks => field ??= new Tasks.TaskLifecycle(this);

    /// <summary>Specs: create, import, record versions, align a task with its spec.</summary>
    public Specs.ISpecs Specs => field ??= new Specs.SpecService(this);

    /// <summary>Claims and leases: take, hand over, release, renew on activity, what is ready, where a task's work lives.</summary>
    public Claims.IClaims Claims => field ??= new Claims.ClaimService(this);

    /// <summary>The hooks' write check and what it rests on: the acting task, path resolution, protected paths; attribution of changes.</summary>
    public Scopes.IWriteChecks Writes => field ??= new Scopes.WriteChecks(this);

    /// <summary>The one record path for capability uses (hooks and <c>kos capability-event</c>).</summary>
    public Capabilities.ICapabilities Capabilities => field ??= new Capabilities.CapabilityService(this);

    /// <summary>The capability registry: entries, sync, probes, orchestrator catalogs, specialists, and its verdict on a tool.</summary>
    public Registry.IRegistry Registry => field ??= new Registry.RegistryService(this);

    /// <summary>Running a task's evals and recording the evidence.</summary>
    public Evidence.IEvidence Evidence => field ??= new Evidence.EvidenceService(this);

    /// <summary>Context packs: build (and record) one, verify one.</summary>
    public Context.IContextPacks Context => field ??= new Context.ContextPacks(this);

    /// <summary>The reconciliation checks (<c>kos postflight</c>).</summary>
    public Postflight.IPostflight Postflight => field ??= new Postflight.PostflightService(this);

    /// <summary>The governance record: sealing kos's hook entries and config, and the drift since.</summary>
    public Governance.IGovernance Governance => field ??= new Governance.GovernanceService(this);

    /// <summary><c>kos agent</c>: which task a fresh agent session starts on, and its claim.</summary>
    public Launch.ILaunch Launch => field ??= new Launch.LaunchService(this);

    /// <summary>Ledger archival (<c>kos ledger archive</c>) and verifying the archives.</summary>
    public Ledger.Archive.ILedgerArchive Archive => field ??= new Ledger.Archive.LedgerArchive(this);

    /// <summary>The human approval queue: human-only decisions asked for from an agent's context.</summary>
    public Approvals.IApprovals Approvals => field ??= new Approvals.ApprovalQueue(this);

    /// <summary>Every decision an agent's hook depends on (write check, registry, reconciliation, Stop gate, session binding).</summary>
    public Hooks.IAgentHooks Hooks => field ??= new Hooks.AgentHooks(this);

    /// <summary>Opens an initialised project with the kernel's gates plus <paramref name="moduleGates"/>.</summary>
    public static Kernel Open(string cwd, TimeProvider clock, string actor, string? session, IEnumerable<IGate>? moduleGates = null,
        Func<string, string?>? env = null)
    {
        var project = KosProject.LocateInitialised(cwd);
        var config = KosConfig.Load(project.ConfigPath);
        var store = StoreFactory.Open(project, config, env ?? Environment.GetEnvironmentVariable, clock);
        return new Kernel(project, config, store, clock, [.. KernelGates.All, .. moduleGates ?? []], actor, session);
    }

    public string Now() => Ledger.LedgerTime.Stamp(Clock.GetUtcNow());

    /// <summary>
    /// Appends an event of a catalogued type (<see cref="EventCatalog"/>): its payload is serialised by the catalogue's
    /// context, scrubbed of secrets (values and keys, whichever command or hook built it), and canonicalised.
    /// </summary>
    public LedgerEvent Append<T>(ILedgerWriter w, EventType<T> type, string? task, T payload, string? session = null)
        where T : EventPayload
    {
        var json = JsonSerializer.SerializeToNode(payload, type.Info)!.AsObject();
        Redaction.Redactor.Scrub(json, []);
        return w.Append(new NewEvent(type.Name, task, Actor, session ?? Session, CanonicalJson.Canonicalize(json.ToJsonString())));
    }

    public TaskState? FindTask(ILedgerReader r, string id) =>
        r.GetTaskJson(id) is { } json ? JsonSerializer.Deserialize(json, KernelJson.Default.TaskState) : null;

    public void SaveTask(ILedgerWriter w, TaskState task)
    {
        var json = JsonSerializer.Serialize(task, KernelJson.Default.TaskState);
        var node = JsonNode.Parse(json);
        var found = new List<string>();
        Redaction.Redactor.Scrub(node, found);
        if (found.Count > 0)
        {
            // A secret in a title, intent or plan step never reaches the projection (or the task records rendered from it).
            json = node!.ToJsonString();
            task = JsonSerializer.Deserialize(json, KernelJson.Default.TaskState)!;
        }

        w.PutTask(task.Id, task.Phase.Name(), Redaction.Redactor.Redact(task.Title).Text, task.Claim?.Session, task.UpdatedAt, json);
        Scopes.ScopeIndex.Put(w, task);
    }

    public void Dispose() => Store.Dispose();
}
