using System.Globalization;
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
/// The kernel's operations over one project: specs, tasks and the lifecycle, all through the ledger.
/// Split by concern into partial files beside the concepts they serve.
/// </summary>
public sealed partial class Kernel : IDisposable
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

    public global::KnowledgeOS.Tasks.ITaskLifecycle Tasks => field ??= new global::KnowledgeOS.Tasks.TaskLifecycle(this);

    public global::KnowledgeOS.Specs.ISpecs Specs => field ??= new global::KnowledgeOS.Specs.SpecService(this);

    public global::KnowledgeOS.Claims.IClaims Claims => field ??= new global::KnowledgeOS.Claims.ClaimService(this);

    public global::KnowledgeOS.Launch.ILaunch Launch => field ??= new global::KnowledgeOS.Launch.LaunchService(this);

    public global::KnowledgeOS.Scopes.IWriteChecks Writes => field ??= new global::KnowledgeOS.Scopes.WriteChecks(this);

    public global::KnowledgeOS.Capabilities.ICapabilities Capabilities => field ??= new global::KnowledgeOS.Capabilities.CapabilityService(this);

    public global::KnowledgeOS.Registry.IRegistry Registry => field ??= new global::KnowledgeOS.Registry.RegistryService(this);

    public global::KnowledgeOS.Governance.IGovernance Governance => field ??= new global::KnowledgeOS.Governance.GovernanceService(this);

    /// <summary>The human approval queue: human-only decisions asked for from an agent's context.</summary>
    public Approvals.ApprovalQueue Approvals => field ??= new Approvals.ApprovalQueue(this);

    /// <summary>Every decision an agent's hook depends on (write check, registry, reconciliation, Stop gate, session binding).</summary>
    public Hooks.AgentHooks Hooks => _hooks ??= new Hooks.AgentHooks(this);

    private Hooks.AgentHooks? _hooks;

    /// <summary>Opens an initialised project with the kernel's gates plus <paramref name="moduleGates"/>.</summary>
    public static Kernel Open(string cwd, TimeProvider clock, string actor, string? session, IEnumerable<IGate>? moduleGates = null,
        Func<string, string?>? env = null)
    {
        var project = KosProject.LocateInitialised(cwd);
        var config = KosConfig.Load(project.ConfigPath);
        var store = StoreFactory.Open(project, config, env ?? Environment.GetEnvironmentVariable, clock);
        return new Kernel(project, config, store, clock, [.. KernelGates.All, .. moduleGates ?? []], actor, session);
    }

    public string Now() => Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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

    internal static JsonArray Array(IEnumerable<string> items)
    {
        var a = new JsonArray();
        foreach (var i in items)
        {
            a.Add((JsonNode?)i);
        }

        return a;
    }
}
