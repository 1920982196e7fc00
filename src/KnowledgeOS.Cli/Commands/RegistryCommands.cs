using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos registry …</c>: the capabilities agents can reach, imported, probed and governed.</summary>
internal static class RegistryCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var registry = new Command("registry", "The capability registry: MCP servers, skills, subagents, orchestrators, scripts, shells.");

        var sync = new Command("sync", "Import capabilities from .mcp.json, .claude/agents, .claude/skills, .codex/config.toml, .gemini/settings.json.");
        sync.SetAction(pr => Sync(ctx, pr.GetValue(CommonOptions.Json)));
        registry.Subcommands.Add(sync);

        var all = new Option<bool>("--all") { Description = "Include entries whose source disappeared." };
        var kindFilter = new Option<string?>("--kind") { Description = "Only entries of this kind." };
        var list = new Command("list", "List registry entries.") { all, kindFilter };
        list.SetAction(pr => List(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(all), pr.GetValue(kindFilter)));
        registry.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "Entry name, or kind/name when several kinds share it." };
        var show = new Command("show", "Show one entry: source, command, tools, policy, scope, probe result.") { name };
        show.SetAction(pr => Show(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(name)!));
        registry.Subcommands.Add(show);

        var policyName = new Argument<string>("name") { Description = "Entry name (or kind/name)." };
        var policy = new Argument<string>("policy") { Description = "allow, ask or deny." };
        var setPolicy = new Command("set-policy", "Allow, ask for, or deny a capability.") { policyName, policy };
        setPolicy.SetAction(pr => SetPolicy(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(policyName)!, pr.GetValue(policy)!));
        registry.Subcommands.Add(setPolicy);

        registry.Subcommands.Add(Add(ctx));
        registry.Subcommands.Add(Extensions.Listing("probe", "Start MCP servers as a client, list their tools and what they cost in tokens; record it (runs kos-mcp)."));
        registry.Subcommands.Add(Extensions.Listing("import-catalog", "Record each specialist an orchestrator's MCP catalog lists as a subagent linked to it (runs kos-mcp)."));
        yield return registry;
        yield return CapabilityCommand.Build(ctx);
        yield return Extensions.Listing("serve", "Serve the workbench on 127.0.0.1: a live board, task pages, approvals (--port N, --open, --listen ADDRESS); runs kos-serve.");
        yield return Extensions.Listing("mcp", "Run the kos MCP server on stdio (for .mcp.json: {\"command\": \"kos\", \"args\": [\"mcp\"]}); runs kos-mcp.");
    }

    private static Command Add(CliContext ctx)
    {
        var name = new Argument<string>("name") { Description = "The entry's name (for MCP servers: the name in mcp__NAME__tool)." };
        var kind = new Option<string>("--kind") { Description = "orchestrator, script, shell, mcp, skill or subagent.", Required = true };
        var command = new Option<string?>("--command") { Description = "The executable that runs it (stdio MCP servers, scripts, orchestrators)." };
        var args = new Option<string[]>("--arg") { Description = "An argument for --command (repeat for more)." };
        var url = new Option<string?>("--url") { Description = "The URL of an http MCP server." };
        var tools = new Option<string[]>("--tool") { Description = "A tool it offers or uses (repeat, or comma-separated)." };
        var policy = new Option<string>("--policy") { Description = "allow, ask or deny.", DefaultValueFactory = _ => Policies.Allow };
        var scope = new Option<string[]>("--scope") { Description = "Globs it may write (repeat)." };
        var description = new Option<string?>("--description") { Description = "What it does, in a line." };
        var cmd = new Command("add", "Register a capability by hand (or update one added by hand).") { name, kind, command, args, url, tools, policy, scope, description };
        cmd.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var entry = new RegistryEntry
            {
                Kind = pr.GetValue(kind)!.Trim().ToLowerInvariant(),
                Name = pr.GetValue(name)!.Trim(),
                Origin = EntryOrigins.Manual,
                Command = pr.GetValue(command),
                Args = pr.GetValue(args) ?? [],
                Url = pr.GetValue(url),
                Transport = pr.GetValue(command) is not null ? "stdio" : pr.GetValue(url) is not null ? "http" : null,
                Tools = CommonOptions.SplitList(pr.GetValue(tools)),
                Policy = pr.GetValue(policy)!.Trim().ToLowerInvariant(),
                Scope = CommonOptions.SplitList(pr.GetValue(scope)),
                Description = pr.GetValue(description),
            };
            var (saved, e) = k.Registry.Add(entry);
            if (pr.GetValue(CommonOptions.Json))
            {
                Output.Json(ctx, new JsonObject { ["changed"] = e is not null, ["seq"] = e?.Seq, ["entry"] = EntryJson(saved) });
            }
            else if (pr.GetValue(CommonOptions.Quiet))
            {
                ctx.Out.WriteLine(saved.Key);
            }
            else
            {
                ctx.Out.WriteLine(e is null ? $"{saved.Key} unchanged" : $"{(e.Type == Events.EventCatalog.RegistryAdded.Name ? "added" : "updated")} {saved.Key} (policy {saved.Policy}, event {e.Seq})");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static int Sync(CliContext ctx, bool json)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var r = k.Registry.Sync();
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["problems"] = Problems(r.Problems) }.WithChanges(r));
        }
        else
        {
            RegistryOutput.Changes(ctx, r, e => e.Where, e => $"no longer declared in {e.Source}");

            ctx.Out.WriteLine($"registry: {r.Added.Count} added, {r.Updated.Count} updated, {r.Missing.Count} missing, {r.Unchanged} unchanged");
            foreach (var p in r.Problems)
            {
                ctx.Err.WriteLine($"kos: {p}");
            }
        }

        return r.Problems.Count > 0 ? ExitCodes.Input : ExitCodes.Ok;
    }

    private static JsonArray Problems(IEnumerable<Registry.Importers.RegistryProblem> problems)
    {
        var a = new JsonArray();
        foreach (var p in problems)
        {
            a.Add((JsonNode)new JsonObject { ["file"] = p.File, ["line"] = p.Line, ["message"] = p.Message });
        }

        return a;
    }

    private static int List(CliContext ctx, bool json, bool all, string? kind)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        if (kind is not null && !EntryKinds.IsKnown(kind))
        {
            throw KosException.Input($"--kind {kind} is not a kind; use one of {string.Join(", ", EntryKinds.All)}.");
        }

        var entries = k.Registry.Entries().Where(e => (all || !e.Missing) && (kind is null || e.Kind == kind)).ToList();
        if (json)
        {
            var a = new JsonArray();
            foreach (var e in entries)
            {
                a.Add(EntryJson(e));
            }

            Output.Json(ctx, a);
            return ExitCodes.Ok;
        }

        if (entries.Count == 0)
        {
            ctx.Out.WriteLine("The registry is empty. Run 'kos registry sync' to import what your agents declare.");
            return ExitCodes.Ok;
        }

        var sb = new System.Text.StringBuilder();
        sb.Append("KIND          NAME                      POLICY  TOOLS  SOURCE\n");
        foreach (var e in entries)
        {
            var tools = e.Probe is { Ok: true } p ? p.Tools.Count : e.Tools.Count;
            sb.Append(e.Kind.PadRight(14)).Append(e.Name.PadRight(26)).Append(e.Policy.PadRight(8)).Append(tools.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(7))
                .Append(e.Where).Append(e.Missing ? "  [missing]" : "").Append(e.Orchestrator is { } o ? $"  (via {o})" : "").Append('\n');
        }

        ctx.Out.Write(sb.ToString());
        return ExitCodes.Ok;
    }

    private static int Show(CliContext ctx, bool json, string name)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var e = k.Registry.Resolve(k.Store, name);
        if (json)
        {
            Output.Json(ctx, EntryJson(e));
            return ExitCodes.Ok;
        }

        var o = ctx.Out;
        o.WriteLine($"{e.Key}{(e.Missing ? "  [missing: no longer declared in its source]" : "")}");
        if (e.Description is not null)
        {
            o.WriteLine($"description  {e.Description}");
        }

        o.WriteLine($"source       {e.Where}{(e.AlsoIn.Count > 0 ? "  (also in " + string.Join(", ", e.AlsoIn) + ")" : "")}");
        o.WriteLine($"policy       {e.Policy}");
        if (e.Command is not null)
        {
            o.WriteLine($"command      {e.Command} {string.Join(' ', e.Args)}".TrimEnd());
        }

        if (e.Url is not null)
        {
            o.WriteLine($"url          {e.Url}");
        }

        if (e.EnvKeys.Count > 0)
        {
            o.WriteLine($"env          {string.Join(", ", e.EnvKeys)}");
        }

        if (e.Orchestrator is not null)
        {
            o.WriteLine($"orchestrator {e.Orchestrator}");
        }

        o.WriteLine($"scope        {(e.Scope.Count == 0 ? "(the task's)" : string.Join("  ", e.Scope))}");
        if (e.Tools.Count > 0)
        {
            o.WriteLine($"tools        {string.Join(", ", e.Tools)}");
        }

        if (e.Version is { } version)
        {
            o.WriteLine($"version      {version}  methodology sha256:{e.Methodology?[..12]}");
            foreach (var v in (e.Versions ?? []).Where(v => v.Version != version).Reverse())
            {
                o.WriteLine($"  was {v.Version,-4} sha256:{v.Methodology[..12]}  (imported {v.At})");
            }
        }

        foreach (var r in e.Runtimes ?? [])
        {
            o.WriteLine($"{r.Runtime,-12} dispatch {r.Dispatch}; tools {string.Join(", ", r.Tools)}");
        }

        if (e.Probe is { } p)
        {
            o.WriteLine(p.Ok
                ? $"probed       {p.At}: {p.Tools.Count} tools, ~{p.SchemaTokens} tokens of schema{(p.Server is null ? "" : " (" + p.Server + ")")}"
                : $"probed       {p.At}: FAILED: {p.Error}");
            foreach (var t in p.Tools)
            {
                o.WriteLine($"  {t.Name,-28} ~{t.Tokens,5} tok  {Clip(t.Description, 70)}");
            }
        }

        return ExitCodes.Ok;
    }

    private static int SetPolicy(CliContext ctx, bool json, string name, string policy)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var (entry, e) = k.Registry.SetPolicy(name, policy);
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["key"] = entry.Key, ["policy"] = entry.Policy, ["changed"] = e is not null, ["seq"] = e?.Seq });
        }
        else
        {
            ctx.Out.WriteLine(e is null ? $"{entry.Key} already has policy {entry.Policy}" : $"{entry.Key}: policy {entry.Policy} (event {e.Seq})");
        }

        return ExitCodes.Ok;
    }

    internal static JsonNode EntryJson(RegistryEntry e)
    {
        var node = JsonNode.Parse(RegistryService.EntryJson(e))!.AsObject();
        node.Insert(0, "key", e.Key);
        return node;
    }

    private static string Clip(string? text, int max)
    {
        var t = (text ?? "").ReplaceLineEndings(" ");
        return t.Length <= max ? t : t[..(max - 1)] + "…";
    }
}
