using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Approvals;
using KnowledgeOS.Cli.Commands;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Json;

namespace KnowledgeOS.Cli.Approvals;

/// <summary><c>kos requests</c>, <c>kos approve Q-…</c>, <c>kos deny Q-…</c>: a person answers the agents' requests.</summary>
internal static class ApprovalCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        {
            var all = new Option<bool>("--all") { Description = "Include answered and used requests." };
            var cmd = new Command("requests", "List the approval requests agents filed for human decisions (pending ones unless --all).") { all };
            cmd.SetAction(pr => List(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(all)));
            yield return cmd;
        }

        foreach (var (verb, grant, help) in new[]
                 {
                     ("approve", true, "Grant an approval request once: the agent may run that exact command one time."),
                     ("deny", false, "Deny an approval request."),
                 })
        {
            var id = new Argument<string>("request") { Description = "Request ID (Q-…; a unique prefix is enough)." };
            var note = new Option<string?>("--note") { Description = "Why (recorded, and shown to the agent)." };
            var cmd = new Command(verb, help) { id, note };
            cmd.SetAction(pr => Answer(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(id)!, grant, pr.GetValue(note)));
            yield return cmd;
        }
    }

    private static int List(CliContext ctx, bool json, bool all)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var requests = k.Approvals.List(all);
        if (json)
        {
            var a = new JsonArray();
            foreach (var q in requests)
            {
                a.Add(JsonSerializer.SerializeToNode(q, KernelJson.Default.ApprovalRequest));
            }

            Output.Json(ctx, a);
            return ExitCodes.Ok;
        }

        if (requests.Count == 0)
        {
            ctx.Out.WriteLine(all ? "No approval requests." : "No pending approval requests.");
            return ExitCodes.Ok;
        }

        foreach (var q in requests)
        {
            ctx.Out.WriteLine($"{q.Id}  {q.Status,-8} {q.Summary}{(q.Task is null ? "" : " (" + q.Task + ")")}");
            ctx.Out.WriteLine($"    asked by {q.RequestedBy} at {q.RequestedAt}: {q.CommandLine}");
            if (q.AnsweredBy is not null)
            {
                var answer = q.Status == ApprovalRequest.Denied ? "denied" : "granted";
                ctx.Out.WriteLine($"    {answer} by {q.AnsweredBy} at {q.AnsweredAt}{(q.Note is null ? "" : ": " + q.Note)}{(q.UsedAt is null ? "" : $"; used at {q.UsedAt}")}");
            }
        }

        return ExitCodes.Ok;
    }

    private static int Answer(CliContext ctx, bool json, string id, bool grant, string? note)
    {
        if (ctx.Agent is { } agent)
        {
            // Never grantable: an agent cannot answer its own (or another agent's) request.
            throw KosException.Refused($"only a person can answer an approval request, and this runs in an agent's context ({agent.Evidence}). Ask the user to run 'kos {(grant ? "approve" : "deny")} {id}'.");
        }

        using var k = CommonOptions.OpenKernel(ctx);
        var q = k.Approvals.Answer(id, grant, note);
        if (json)
        {
            Output.Json(ctx, JsonSerializer.SerializeToNode(q, KernelJson.Default.ApprovalRequest)!);
        }
        else
        {
            ctx.Out.WriteLine(grant
                ? $"Granted {q.Id} once: {q.RequestedBy} may now run '{q.CommandLine}' one time."
                : $"Denied {q.Id}: {q.CommandLine}");
        }

        return ExitCodes.Ok;
    }
}
