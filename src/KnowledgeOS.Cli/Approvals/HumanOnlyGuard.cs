using System.CommandLine;
using KnowledgeOS.Approvals;
using KnowledgeOS.Cli.Commands;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Approvals;

/// <summary>
/// Runs before every parsed command: a human decision asked for from an agent's context is refused
/// (exit 1) and filed as an approval request, unless a person granted exactly this command to this
/// agent session (the grant is then used up and the command runs).
/// </summary>
internal static class HumanOnlyGuard
{
    /// <summary>The exit code to stop with, or null to run the command.</summary>
    public static int? Check(ParseResult parsed, string[] args, CliContext ctx)
    {
        if (HumanOnlyCommands.Classify(parsed) is not { } asked || ctx.Agent is not { } agent)
        {
            return null;
        }

        var command = args.Where(a => a != "--json").ToArray();
        var project = GitRepository.Find(ctx.Cwd) is null ? null : KosProject.Locate(ctx.Cwd);
        if (project is not { IsInitialised: true })
        {
            // No ledger to file a request in: a person runs it.
            var message = $"{asked.Decision.Describe()} is a decision for a person, and this runs in an agent's context ({agent.Evidence}). Ask the user to run 'kos {string.Join(' ', command)}'.";
            ctx.Err.WriteLine("kos: " + message);
            return parsed.GetValue(CommonOptions.Json) ? Errors.Json(ctx, ExitCodes.Refused, Errors.Refused, message, []) : ExitCodes.Refused;
        }

        using var kernel = CommonOptions.OpenKernel(ctx);
        if (asked.Decision == HumanDecision.ReleaseOther && asked.Task is { } t
            && kernel.Tasks.Resolve(kernel.Store, t).Claim is { } claim && claim.Session == (agent.Session ?? ctx.Session))
        {
            return null; // Releasing its own claim is the agent's to do.
        }

        var verdict = kernel.Approvals.Authorize(asked.Decision, command, asked.Task, agent.Evidence);
        if (verdict.Allowed)
        {
            if (verdict.Request is { } used)
            {
                ctx.Err.WriteLine($"kos: using {used.Id}, granted by {used.AnsweredBy} (one-shot).");
            }

            return null;
        }

        var q = verdict.Request!;
        var refusal = $"refused: {asked.Decision.Describe()} is a decision for a person, and {kernel.Actor} is an agent ({agent.Evidence}).";
        var filed = verdict.New
            ? $"filed approval request {q.Id}. A person answers with 'kos approve {q.Id}' or 'kos deny {q.Id}' ('kos requests' lists them); after a grant, run the same command once more."
            : $"approval request {q.Id} for this command is still pending; a person answers with 'kos approve {q.Id}' or 'kos deny {q.Id}'.";
        ctx.Err.WriteLine("kos: " + refusal);
        ctx.Err.WriteLine("kos: " + filed);
        return parsed.GetValue(CommonOptions.Json) ? Errors.Json(ctx, ExitCodes.Refused, Errors.Refused, refusal, [filed], q.Id) : ExitCodes.Refused;
    }
}
