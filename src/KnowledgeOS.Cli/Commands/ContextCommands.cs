using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Context;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>context-pack</c> and <c>verify-context</c>: what an agent needs to resume, and whether it is stale.</summary>
internal static class ContextCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        {
            var task = CommonOptions.TaskArgument();
            var budget = new Option<int>("--budget") { Description = "Token budget (estimated as characters / 4).", DefaultValueFactory = _ => 8000 };
            var hashes = new Option<bool>("--hashes") { Description = "Also show event hashes, the spec's hash and the evidence digests (left out by default)." };
            var all = new Option<bool>("--all") { Description = "Include the task's archived history (kos ledger archive), read from the archive files and verified: for a task reopened after archival." };
            var cmd = new Command("context-pack", "Print the task's context pack (intent, requirements, scope, evals, last evidence, denials, decisions, plan, progress, files) within a token budget; records its hash.")
            {
                task, budget, hashes, all,
            };
            cmd.SetAction(pr => Pack(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(budget), pr.GetValue(hashes), pr.GetValue(all)));
            yield return cmd;
        }

        {
            var task = CommonOptions.TaskArgument();
            var hash = new Option<string?>("--pack-hash") { Description = "The pack to check (a prefix is enough; default: the latest one made)." };
            var cmd = new Command("verify-context", "Say whether a context pack is still current, and what changed since (spec, plan, scope, decisions, evidence).") { task, hash };
            cmd.SetAction(pr => Verify(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(hash)));
            yield return cmd;
        }
    }

    /// <summary>Markdown for people; with <c>--json</c> (the one JSON switch) the pack's JSON form in the result object.</summary>
    private static int Pack(CliContext ctx, bool json, string? given, int budget, bool hashes, bool archived)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = CommonOptions.TaskId(ctx, k, given, "context-pack");
        var pack = k.Context.Build(task, budget, json ? PackFormat.Json : PackFormat.Markdown, hashes: hashes, archived: archived);
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["task"] = pack.Task,
                ["hash"] = pack.Hash,
                ["budget"] = pack.Budget,
                ["tokens"] = pack.Tokens,
                ["estimate"] = "chars/4",
                ["overBudget"] = pack.OverBudget,
                ["dropped"] = Output.Strings(pack.Dropped),
                ["seq"] = pack.RecordedSeq,
                ["pack"] = JsonNode.Parse(pack.Text),
            });
            return ExitCodes.Ok;
        }

        ctx.Out.Write(pack.Text);
        ctx.Err.WriteLine($"kos: context pack {pack.Hash[..12]} for {pack.Task}: ~{pack.Tokens} tokens (chars/4) of {pack.Budget}" +
                          (pack.Dropped.Count > 0 ? $"; dropped {string.Join(", ", pack.Dropped)}" : "") +
                          (pack.OverBudget ? "; OVER BUDGET: intent and requirements alone exceed it" : "") + $"; recorded as event {pack.RecordedSeq}.");
        return ExitCodes.Ok;
    }

    private static int Verify(CliContext ctx, bool json, string? given, string? hash)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var task = CommonOptions.TaskId(ctx, k, given, "verify-context");
        var v = k.Context.Verify(task, hash);
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["task"] = v.Task,
                ["current"] = v.Current,
                ["packHash"] = v.PackHash,
                ["packSeq"] = v.PackSeq,
                ["changes"] = Output.Strings(v.Changes),
            });
        }
        else if (v.Current)
        {
            ctx.Out.WriteLine($"CONTEXT_CURRENT {v.Task} pack {v.PackHash?[..12]} (event {v.PackSeq})");
        }
        else
        {
            ctx.Out.WriteLine($"CONTEXT_STALE {v.Task} pack {(v.PackHash is null ? "-" : v.PackHash[..Math.Min(12, v.PackHash.Length)])}");
            foreach (var c in v.Changes)
            {
                ctx.Out.WriteLine("  - " + c);
            }
        }

        return v.Current ? ExitCodes.Ok : ExitCodes.Refused;
    }
}
