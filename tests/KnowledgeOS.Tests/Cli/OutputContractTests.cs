using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

/// <summary>The --json error contract (docs/schema/error.schema.json) and the one naming convention of every schema.</summary>
public sealed partial class OutputContractTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static JsonObject Failure(InProcess kos, int exit, string code, params string[] args)
    {
        var r = kos.Run([.. args, "--json"]);
        Assert.True(r.Code == exit, $"kos {string.Join(' ', args)} --json: expected exit {exit}\n{r}");
        var error = OutputContract.AssertError(r.Out, r.Code, args.FirstOrDefault() ?? "");
        Assert.Equal(code, (string?)error["code"]);
        return error;
    }

    [Fact]
    public void every_kind_of_failure_prints_an_error_object_of_the_schema_with_its_exit_code()
    {
        using (var outside = new TempRepo(init: false))
        {
            Failure(new InProcess(outside.Root), 3, "environment", "list");
        }

        var kos = new InProcess(_repo.Root);
        Assert.Contains("kos init", (string?)Failure(kos, 3, "environment", "status")["message"], StringComparison.Ordinal);
        kos.Ok("init");

        Assert.Contains("T-zzzzzzzz", (string?)Failure(kos, 2, "input", "show", "T-zzzzzzzz")["message"], StringComparison.Ordinal);
        Failure(kos, 2, "input", "list", "--phase", "nowhere");
        Failure(kos, 2, "input", "ledger", "archive", "--before", "not-a-date");
        Failure(kos, 2, "usage", "create-task");
        var typo = Failure(kos, 2, "usage", "crate-task", "x");
        Assert.Contains(typo["details"]!.AsArray(), d => ((string?)d)!.Contains("Did you mean 'kos create-task'", StringComparison.Ordinal));
        var option = Failure(kos, 2, "usage", "list", "--al");
        Assert.Contains(option["details"]!.AsArray(), d => ((string?)d)!.Contains("'--all'", StringComparison.Ordinal));

        // A person's decision asked for by an agent: refused (exit 1), the approval request filed named in the error.
        var task = kos.Ok("create-task", "Fix", "--quick", "--scope", "docs/**", "-q").Out.Trim();
        var agent = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-1" });
        var refused = Failure(agent, 1, "refused", "abandon", task);
        Assert.Matches("^Q-[0-9a-z]+$", (string?)refused["request"]);
        var request = (string)refused["request"]!;
        kos.Ok("approve", request);
        Failure(kos, 1, "refused", "approve", request); // only a pending request can be answered

        // A malformed config is the user's to fix: exit 2, and the error says where.
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = [unclosed\n");
        Assert.Contains("config.toml", (string?)Failure(kos, 2, "input", "status")["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void a_json_error_is_the_only_thing_on_stdout_and_one_json_document()
    {
        var kos = new InProcess(_repo.Root);
        var r = kos.Run("show", "T-zzzzzzzz", "--json");
        var node = JsonNode.Parse(r.Out)!.AsObject();
        Assert.Equal(["error"], node.Select(p => p.Key));
    }

    [Fact]
    public void an_output_that_breaks_its_schema_fails_the_contract()
    {
        // A renamed field, a missing one, a wrong type, an error without its exit: each is caught.
        var list = """[{"id":"T-abc","phase":"execute","title":"x","session":null,"updated":"2026-01-01T00:00:00Z"}]""";
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => OutputContract.AssertOutput("list", list, 0));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => OutputContract.AssertOutput("note", """{"seq":"1","hash":"x"}""", 0));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => OutputContract.AssertOutput("note", """{"error":"plain text"}""", 2));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => OutputContract.AssertError("""{"error":{"code":"input","message":"m","exit":3}}""", 2));
        OutputContract.AssertOutput("note", """{"seq":1,"hash":"1cb649af36a5893c63b218205e3310dc72c4293c8ac84e46031aa439d1858f8f"}""", 0);
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();

    /// <summary>
    /// One convention for every --json field: camelCase; a field naming another record holds its ID under the record's
    /// name (task, spec, run, session, request), never …Id; an instant is time, at, or ends in At/Until; a git object is
    /// gitHead or tree; a SHA-256 is hash, head (the ledger's last event), sha256, or ends in Hash/Sha256.
    /// </summary>
    [Fact]
    public void every_schema_property_follows_one_naming_convention()
    {
        var bad = new List<string>();
        foreach (var name in OutputContract.Names)
        {
            var file = Path.Combine(OutputContract.Folder, name + ".schema.json");
            Walk(JsonNode.Parse(File.ReadAllText(file))!, name, bad);
        }

        Assert.True(bad.Count == 0, "field names off the convention:\n" + string.Join('\n', bad));
    }

    /// <summary>The shared shape a property is (its own $ref, or one of its anyOf), not those of fields inside it.</summary>
    private static string Own(JsonNode? value) =>
        string.Join(' ', new[] { value?["$ref"] }.Concat(value?["anyOf"]?.AsArray().Select(a => a?["$ref"]) ?? [])
            .Where(r => r is not null).Select(r => (string?)r + "\""));

    private static void Walk(JsonNode node, string where, List<string> bad)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.Where(i => i is not null))
            {
                Walk(item!, where, bad);
            }

            return;
        }

        if (node is not JsonObject o)
        {
            return;
        }

        if (o["properties"] is JsonObject properties)
        {
            foreach (var (key, value) in properties)
            {
                var text = Own(value);
                string? problem =
                    !CamelCase().IsMatch(key) ? "not camelCase"
                    : key.EndsWith("Id", StringComparison.Ordinal) || key.EndsWith("ID", StringComparison.Ordinal) ? "an ID is named after its record (task, not taskId)"
                    : text.Contains("/timestamp\"", StringComparison.Ordinal) && !(key is "time" or "at" || key.EndsWith("At", StringComparison.Ordinal) || key.EndsWith("Until", StringComparison.Ordinal)) ? "an instant is time, at, or ends in At/Until"
                    : text.Contains("/gitObject\"", StringComparison.Ordinal) && key is not ("gitHead" or "tree") ? "a git object is gitHead or tree"
                    : text.Contains("/hash\"", StringComparison.Ordinal) && !(key is "hash" or "head" or "sha256" || key.EndsWith("Hash", StringComparison.Ordinal) || key.EndsWith("Sha256", StringComparison.Ordinal)) ? "a SHA-256 is hash, head, sha256, or ends in Hash/Sha256"
                    : null;
                if (problem is not null)
                {
                    bad.Add($"  {where}: {key}: {problem}");
                }
            }
        }

        foreach (var (key, value) in o)
        {
            if (value is not null)
            {
                Walk(value, where + "/" + key, bad);
            }
        }
    }
}
