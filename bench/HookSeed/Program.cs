using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeOS;
using KnowledgeOS.Capabilities;

// Seeds an initialised kos repository with TASKS quick tasks (each in execute, its own scope and
// session) and then capability events until the ledger holds EVENTS events, plus the benchmark's
// own task: session "bench", scope src/**. Usage: HookSeed REPO [EVENTS] [TASKS]
var root = args[0];
var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var tasks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
using var kernel = Kernel.Open(root, TimeProvider.System, "user:bench", null);
for (var i = 0; i < tasks - 1; i++)
{
    kernel.CreateTask(new NewTask($"Task {i}", "seeded", null, [], [], Quick: true, QuickScope: [$"pkg{i}/**"], Session: $"seed-{i}"));
}

var bench = kernel.CreateTask(new NewTask("Bench task", "the hook benchmark's task", null, [], [], Quick: true, QuickScope: ["src/**"], Session: "bench"));
var taskId = bench.Task.Id;
var count = kernel.Store.Head()!.Seq;
while (count < events)
{
    var batch = (int)Math.Min(1000, events - count);
    kernel.Store.Write(w =>
    {
        for (var j = 0; j < batch; j++)
        {
            kernel.RecordCapability(w, new CapabilityUse("tool:Write", "tool", $"T-seed{j % 97}", $"seed-{j % 97}", "allowed",
                Agent: "claude", Tool: "Write", Input: new JsonObject { ["file_path"] = $"/repo/pkg{j}/f.txt", ["content"] = "seeded" }));
        }

        return 0;
    });
    count += batch;
}

Console.WriteLine($"{taskId} {kernel.Store.Head()!.Seq} events, {kernel.Store.ListTasks().Count} tasks");
