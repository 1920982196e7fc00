using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Specs;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>create-spec</c> and <c>align-spec</c>.</summary>
internal static class SpecCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var title = new Argument<string?>("title") { Description = "The spec's title.", Arity = ArgumentArity.ZeroOrOne };
        var intent = new Option<string?>("--intent") { Description = "What the user wants and why." };
        var req = new Option<string[]>("--req") { Description = "A requirement (repeat for more); numbered R1, R2, … in order." };
        var eval = new Option<string[]>("--eval") { Description = "An acceptance command kos runs as evidence (repeat for more)." };
        var nonGoal = new Option<string[]>("--non-goal") { Description = "Something the spec deliberately does not cover." };
        var from = new Option<string?>("--from") { Description = "Import a spec written in a Markdown file instead." };
        var create = new Command("create-spec", "Write a spec: durable intent with numbered requirements, in .agent-os/specs/.")
        {
            title, intent, req, eval, nonGoal, from,
        };
        create.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var file = pr.GetValue(from);
            var (spec, e) = file is not null
                ? k.Specs.CreateFrom(Path.GetFullPath(file, ctx.Cwd))
                : k.Specs.Create(pr.GetValue(title) ?? "", pr.GetValue(intent) ?? "", pr.GetValue(req) ?? [], pr.GetValue(eval) ?? [], pr.GetValue(nonGoal) ?? []);
            var path = k.Project.Relative(spec.Path);
            if (pr.GetValue(CommonOptions.Json))
            {
                Output.Json(ctx, new JsonObject
                {
                    ["id"] = spec.Id,
                    ["path"] = path,
                    ["hash"] = spec.Hash,
                    ["requirements"] = Output.Strings(spec.Requirements.Select(r => r.Id)),
                    ["seq"] = e?.Seq,
                });
            }
            else
            {
                ctx.Out.WriteLine(spec.Id);
                if (!pr.GetValue(CommonOptions.Quiet))
                {
                    ctx.Err.WriteLine($"Wrote {path} ({spec.Requirements.Count} requirements: {string.Join(", ", spec.Requirements.Select(r => r.Id))}). Edit it freely; kos records each version.");
                }
            }

            return ExitCodes.Ok;
        });
        yield return create;

        var specs = new Command("specs", "List the specs, check that each parses, and record versions edited by hand.");
        specs.SetAction(pr => ListSpecs(ctx, pr.GetValue(CommonOptions.Json)));
        yield return specs;

        var task = CommonOptions.TaskArgument();
        var accept = new Option<bool>("--accept") { Description = "Rebind the task to the spec as it is now (recorded as an event)." };
        var rebind = new Option<string[]>("--req") { Description = "With --accept: the requirement IDs the task serves from now on (re-scoping)." };
        var align = new Command("align-spec", "Compare a task's bound spec version with the spec now; --accept rebinds it.") { task, accept, rebind };
        align.SetAction(pr =>
        {
            using var k = CommonOptions.OpenKernel(ctx);
            var result = k.Specs.Align(CommonOptions.TaskId(ctx, k, pr, task), pr.GetValue(accept), CommonOptions.SplitList(pr.GetValue(rebind)));
            return Render(ctx, pr.GetValue(CommonOptions.Json), result);
        });
        yield return align;
    }

    private static int ListSpecs(CliContext ctx, bool json)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var catalog = new SpecCatalog(k.Project.SpecsDir);
        var loaded = catalog.Files().Select(f => (File: f, Result: SpecCatalog.TryLoad(f))).ToList();
        var recorded = k.Store.Write(w => loaded
            .Where(l => l.Result.Spec is not null)
            .Select(l => (l.Result.Spec!.Id, Event: k.Specs.Record(w, l.Result.Spec!)))
            .Where(r => r.Event is not null)
            .ToDictionary(r => r.Id, r => r.Event!));
        var problems = loaded.SelectMany(l => l.Result.Problems).ToList();
        if (json)
        {
            var a = new JsonArray();
            foreach (var (file, (spec, specProblems)) in loaded)
            {
                a.Add((JsonNode)new JsonObject
                {
                    ["path"] = k.Project.Relative(file),
                    ["id"] = spec?.Id,
                    ["title"] = spec?.Title,
                    ["status"] = spec?.Status,
                    ["hash"] = spec?.Hash,
                    ["requirements"] = spec is null ? null : Output.Strings(spec.Requirements.Select(r => r.Id)),
                    ["newVersionRecorded"] = spec is not null && recorded.ContainsKey(spec.Id),
                    ["problems"] = Output.Strings(specProblems.Select(p => (p with { Path = k.Project.Relative(p.Path) }).ToString())),
                });
            }

            Output.Json(ctx, a);
        }
        else
        {
            foreach (var (file, (spec, _)) in loaded.Where(l => l.Result.Spec is not null))
            {
                var note = recorded.TryGetValue(spec!.Id, out var e) ? $"  (new version recorded, event {e.Seq})" : "";
                ctx.Out.WriteLine($"{spec.Id,-9} {spec.Status,-8} {spec.Hash[..12]}  {spec.Requirements.Count,2} req  {spec.Title}{note}");
            }

            foreach (var p in problems)
            {
                ctx.Err.WriteLine("kos: " + (p with { Path = k.Project.Relative(p.Path) }));
            }

            if (loaded.Count == 0)
            {
                ctx.Out.WriteLine("No specs yet: kos create-spec \"Title\" --intent \"…\" --req \"…\"");
            }
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Input;
    }

    private static int Render(CliContext ctx, bool json, AlignResult r)
    {
        var d = r.Drift;
        var ok = r.Problems.Count == 0 && (d.Aligned || r.Accepted is not null);
        if (json)
        {
            var changed = new JsonArray();
            foreach (var c in d.Changed)
            {
                changed.Add((JsonNode)new JsonObject { ["id"] = c.Id, ["before"] = c.Before, ["after"] = c.After });
            }

            Output.Json(ctx, new JsonObject
            {
                ["task"] = r.Task.Id,
                ["spec"] = d.SpecId,
                ["aligned"] = d.Aligned,
                ["boundHash"] = d.BoundHash,
                ["currentHash"] = d.CurrentHash,
                ["added"] = Output.Strings(d.Added.Select(a => a.Id)),
                ["removed"] = Output.Strings(d.Removed.Select(a => a.Id)),
                ["changed"] = changed,
                ["removedBound"] = Output.Strings(d.RemovedBound),
                ["problem"] = d.Problem,
                ["acceptedHash"] = r.Accepted?.Event.Hash,
                ["problems"] = Output.Strings(r.Problems),
            });
            return ok ? ExitCodes.Ok : ExitCodes.Refused;
        }

        if (d.Aligned)
        {
            ctx.Out.WriteLine($"{r.Task.Id} is aligned with {d.SpecId} ({d.CurrentHash?[..12]}).");
            return ExitCodes.Ok;
        }

        ctx.Out.WriteLine($"{r.Task.Id} is bound to {d.SpecId} at {d.BoundHash?[..12] ?? "?"}; the spec is now at {d.CurrentHash?[..12] ?? "?"}.");
        if (d.Problem is not null)
        {
            ctx.Out.WriteLine("  problem: " + d.Problem);
        }

        foreach (var a in d.Added)
        {
            ctx.Out.WriteLine($"  + {a.Id}: {a.Text}");
        }

        foreach (var a in d.Removed)
        {
            ctx.Out.WriteLine($"  - {a.Id}: {a.Text}{(r.Task.Requirements.Contains(a.Id) ? "   (bound to this task: re-scope with --req)" : "")}");
        }

        foreach (var c in d.Changed)
        {
            ctx.Out.WriteLine($"  ~ {c.Id}: {c.Before}");
            ctx.Out.WriteLine($"    {new string(' ', c.Id.Length)}→ {c.After}");
        }

        if (r.Accepted is not null)
        {
            ctx.Out.WriteLine($"Accepted: {r.Task.Id} is now bound to {d.SpecId} at {d.CurrentHash?[..12]} (requirements {string.Join(", ", r.Task.Requirements)}).");
            ctx.Out.WriteLine($"Recorded as event {r.Accepted.Event.Seq} ({r.Accepted.Event.ShortHash}).");
            return ExitCodes.Ok;
        }

        foreach (var p in r.Problems)
        {
            ctx.Err.WriteLine("kos: refused: " + p);
        }

        if (r.Problems.Count == 0)
        {
            ctx.Out.WriteLine($"The task cannot pass a gate until you accept: kos align-spec {r.Task.Id} --accept");
        }

        return ExitCodes.Refused;
    }
}
