using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Commands;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Cli;
using KnowledgeOS.Registry;
using KnowledgeOS.Registry.Catalog;

namespace KnowledgeOS.Mcp;

/// <summary><c>kos registry probe</c> and <c>import-catalog</c>: commands that start MCP servers as a client.</summary>
internal static class RegistryProbeCommands
{
    private static Option<int> TimeoutOption() => new("--timeout") { Description = "Seconds to wait for each server to start and answer.", DefaultValueFactory = _ => 30 };

    public static Command Probe(CliContext ctx)
    {
        var name = new Argument<string?>("name") { Description = "The MCP server to probe (omit with --all).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Probe every stdio MCP server in the registry." };
        var timeout = TimeoutOption();
        var cmd = new Command("probe", "Start MCP servers as a client, list their tools and what they cost in tokens; record it.") { name, all, timeout };
        cmd.SetAction(pr => Probe(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(name), pr.GetValue(all), TimeSpan.FromSeconds(Math.Max(1, pr.GetValue(timeout)))));
        return cmd;
    }

    public static Command ImportCatalog(CliContext ctx)
    {
        var server = new Argument<string>("server") { Description = "The orchestrator's MCP server (a registry entry with a command)." };
        var timeout = TimeoutOption();
        var cmd = new Command("import-catalog", "Record each specialist an orchestrator's MCP catalog lists as a subagent linked to it.") { server, timeout };
        cmd.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var entry = k.Registry.Resolve(k.Store, pr.GetValue(server)!);
            var notes = new List<string>();
            var agents = CatalogReader.ReadAsync(entry, k.Project.Root, TimeSpan.FromSeconds(Math.Max(1, pr.GetValue(timeout))), notes.Add, CancellationToken.None).GetAwaiter().GetResult();
            var r = k.Registry.ImportCatalog(entry.Key, agents);
            if (pr.GetValue(CommonOptions.Json))
            {
                Output.Json(ctx, new JsonObject
                {
                    ["orchestrator"] = entry.Key,
                    ["agents"] = Output.Strings(agents.Select(a => a.Name)),
                    ["runtimes"] = Output.Strings(agents.SelectMany(a => a.Runtimes.Select(x => x.Runtime)).Distinct()),
                    ["notes"] = Output.Strings(notes),
                }.WithChanges(r));
            }
            else
            {
                RegistryOutput.Changes(ctx, r, e => e.Version > 1 && r.Updated.Contains(e) ? $"methodology changed: version {e.Version}" : e.Description, _ => $"no longer in {entry.Key}'s catalog");

                foreach (var n in notes)
                {
                    ctx.Err.WriteLine($"kos: note: {n}");
                }

                ctx.Out.WriteLine($"{entry.Key}: {agents.Count} specialists; {r.Added.Count} added, {r.Updated.Count} updated, {r.Missing.Count} missing, {r.Unchanged} unchanged");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static int Probe(CliContext ctx, bool json, string? name, bool all, TimeSpan timeout)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        if ((name is null) == !all)
        {
            throw KosException.Input("Name one server to probe, or pass --all: kos registry probe NAME | kos registry probe --all");
        }

        var targets = all
            ? k.Registry.Entries().Where(e => e.Kind is EntryKinds.Mcp or EntryKinds.Orchestrator && e.Command is not null && !e.Missing).ToList()
            : [k.Registry.Resolve(k.Store, name!)];
        if (targets.Count == 0)
        {
            ctx.Err.WriteLine("kos: no stdio MCP servers in the registry to probe; run 'kos registry sync' first.");
            return ExitCodes.Ok;
        }

        // Servers start in parallel: most of a probe is waiting for a process to boot.
        var probes = targets.Select(t => ServerProbe.RunAsync(t, k.Project.Root, k.Now(), timeout, CancellationToken.None)).ToArray();
        Task.WaitAll(probes);
        var results = new JsonArray();
        var failed = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var probe = probes[i].Result;
            var (entry, e) = k.Registry.RecordProbe(targets[i].Key, probe);
            failed += probe.Ok ? 0 : 1;
            if (json)
            {
                var tools = new JsonArray();
                foreach (var t in probe.Tools)
                {
                    tools.Add((JsonNode)new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["tokens"] = t.Tokens });
                }

                results.Add((JsonNode)new JsonObject
                {
                    ["key"] = entry.Key,
                    ["ok"] = probe.Ok,
                    ["server"] = probe.Server,
                    ["tools"] = tools,
                    ["schemaTokens"] = probe.SchemaTokens,
                    ["error"] = probe.Error,
                    ["stderr"] = probe.Stderr,
                    ["seq"] = e.Seq,
                });
                continue;
            }

            if (probe.Ok)
            {
                ctx.Out.WriteLine($"{entry.Key}: {probe.Tools.Count} tools, ~{probe.SchemaTokens} tokens of schema{(probe.Server is null ? "" : $" ({probe.Server})")}");
                foreach (var t in probe.Tools.OrderByDescending(t => t.Tokens))
                {
                    ctx.Out.WriteLine($"  {t.Name,-30} ~{t.Tokens,5} tok");
                }
            }
            else
            {
                ctx.Err.WriteLine($"kos: {entry.Key} failed: {probe.Error}");
                if (probe.Stderr is { } stderr)
                {
                    ctx.Err.WriteLine($"  its stderr:\n    {stderr.Replace("\n", "\n    ", StringComparison.Ordinal)}");
                }
            }
        }

        if (json)
        {
            Output.Json(ctx, results);
        }

        return failed > 0 ? ExitCodes.Environment : ExitCodes.Ok;
    }
}
