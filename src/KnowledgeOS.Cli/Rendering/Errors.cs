using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Rendering;

/// <summary>
/// How a failure is printed. Humans get <c>kos: message</c> on stderr; with <c>--json</c> the error is
/// the result, on stdout: <c>{"error":{"code":…,"message":…,"exit":…}}</c>, and the exit code is the same.
/// </summary>
internal static class Errors
{
    /// <summary>The error codes, one per kind of failure (docs/schema/error.schema.json lists them).</summary>
    public const string Usage = "usage";
    public const string Input = "input";
    public const string Refused = "refused";
    public const string Environment = "environment";
    public const string Ledger = "ledger";
    public const string Io = "io";
    public const string Internal = "internal";

    /// <summary>True when the command line asks for JSON (before any <c>--</c> that ends kos's own options).</summary>
    public static bool WantsJson(string[] args) => args.TakeWhile(a => a != "--").Contains("--json");

    public static int Report(CliContext ctx, bool json, int exit, string code, string message, IEnumerable<string>? more = null)
    {
        var lines = more?.ToList() ?? [];
        if (json)
        {
            return Json(ctx, exit, code, message, lines);
        }

        ctx.Err.WriteLine("kos: " + message);
        foreach (var line in lines)
        {
            ctx.Err.WriteLine(line);
        }

        return exit;
    }

    /// <summary>Prints the error object on stdout (<paramref name="request"/>: the approval request a refusal filed).</summary>
    public static int Json(CliContext ctx, int exit, string code, string message, IReadOnlyList<string> details, string? request = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["exit"] = exit };
        if (details.Count > 0)
        {
            error["details"] = Output.Strings(details);
        }

        if (request is not null)
        {
            error["request"] = request;
        }

        Output.Json(ctx, new JsonObject { ["error"] = error });
        return exit;
    }
}
