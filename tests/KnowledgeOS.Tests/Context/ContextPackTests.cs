using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Context;

public sealed class ContextPackTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly string _task;
    private readonly string _spec;

    public ContextPackTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _spec = _kos.Ok("create-spec", "Checkout", "--intent", "Customers pay by card without leaving the page.",
            "--req", "The card form validates the number as it is typed", "--req", "A receipt email is sent").FirstLine;
        _task = _kos.Ok("create-task", "Card form", "--spec", _spec, "--req", "R1").FirstLine;
        for (var i = 0; i < 40; i++)
        {
            _repo.Write($"src/checkout/widget{i:00}.ts", new string('x', i * 10));
        }

        _repo.Write("src/checkout/card-form.ts", "export {}");
        _repo.Write("src/other/unrelated.ts", "x");
        _repo.Write("src/checkout/.env", "SECRET=1");
        _kos.Ok("route-task", _task, "--scope", "src/checkout/**");
        _kos.Ok("plan-task", _task, "--step", "R1: build src/checkout/card-form.ts with live validation");
    }

    public void Dispose() => _repo.Dispose();

    private JsonObject Pack(params string[] extra) =>
        JsonNode.Parse(_kos.Ok(["context-pack", _task, "--json", .. extra]).Out)!.AsObject();

    [Fact]
    public void a_pack_holds_intent_requirements_plan_scope_decisions_and_ranked_files_and_records_its_hash()
    {
        _kos.Ok("note", "--task", _task, "--decision", "Validate with the Luhn check, not a regex");
        _kos.Run("check-route-write", "src/other/unrelated.ts", "--task", _task);
        var r = _kos.Ok("context-pack", _task);
        var text = r.Out;
        Assert.Contains("Customers pay by card without leaving the page.", text, StringComparison.Ordinal);
        Assert.Contains("R1: The card form validates the number as it is typed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("receipt", text, StringComparison.OrdinalIgnoreCase); // R2 is not bound to this task
        Assert.Contains("Luhn", text, StringComparison.Ordinal);
        Assert.Contains("src/checkout/**", text, StringComparison.Ordinal);
        Assert.Contains("Denials so far", text, StringComparison.Ordinal);
        // The file the plan names ranks first; secrets and out-of-scope files are not listed.
        var files = text[text.IndexOf("## Files in scope", StringComparison.Ordinal)..].Split('\n');
        Assert.StartsWith("- src/checkout/card-form.ts", files[2], StringComparison.Ordinal);
        Assert.DoesNotContain(files, f => f.Contains(".env", StringComparison.Ordinal) || f.Contains("unrelated", StringComparison.Ordinal));
        Assert.Equal(41, files.Count(f => f.StartsWith("- src/checkout/", StringComparison.Ordinal)));
        var hash = r.Err.Split("context pack ")[1][..12];
        Assert.Contains($"\"hash\": \"{hash}", _kos.Ok("trace", _task, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_same_state_gives_the_same_pack_and_hash()
    {
        var first = Pack();
        var second = Pack();
        Assert.Equal((string?)first["hash"], (string?)second["hash"]);
        Assert.Equal(first["pack"]!.ToJsonString(), second["pack"]!.ToJsonString());
        var md = _kos.Ok("context-pack", _task);
        Assert.Equal(md.Out, _kos.Ok("context-pack", _task).Out);
    }

    [Fact]
    public void a_small_budget_drops_files_first_and_never_the_intent_or_requirements()
    {
        var full = Pack();
        var small = Pack("--budget", "250");
        Assert.True((int)small["tokens"]! <= 250, small.ToJsonString());
        Assert.True((int)full["tokens"]! > 250);
        var pack = small["pack"]!.ToJsonString();
        Assert.Contains("Customers pay by card without leaving the page.", pack, StringComparison.Ordinal);
        Assert.Contains("The card form validates the number as it is typed", pack, StringComparison.Ordinal);
        Assert.StartsWith("files:", (string)small["dropped"]![0]!, StringComparison.Ordinal);

        var tiny = Pack("--budget", "10");
        Assert.True((bool)tiny["overBudget"]!);
        Assert.Contains("The card form validates the number as it is typed", tiny["pack"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("scope", tiny["dropped"]!.AsArray().Select(d => (string)d!));
    }

    [Fact]
    public void the_json_pack_is_an_object_with_the_same_content()
    {
        foreach (var extra in new string[][] { [], ["--hashes"] })
        {
            var r = _kos.Run(["context-pack", _task, "--json", .. extra]);
            OutputContract.AssertOutput("context-pack", r.Out, r.Code);
        }

        Assert.Null(Pack()["pack"]!["spec"]!["hash"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)Pack("--hashes")["pack"]!["spec"]!["hash"]);
        var o = Pack()["pack"]!.AsObject();
        Assert.Equal("R1", (string?)o["requirements"]![0]!["id"]);
        Assert.Equal("src/checkout/card-form.ts", (string?)o["files"]![0]!["path"]);
    }

    [Fact]
    public void verify_context_says_current_until_the_plan_scope_spec_decisions_or_evidence_change()
    {
        Assert.Equal(1, _kos.Run("verify-context", _task).Code); // no pack yet
        var hash = (string)Pack()["hash"]!;
        Assert.Contains("CONTEXT_CURRENT", _kos.Ok("verify-context", _task, "--pack-hash", hash[..10]).Out, StringComparison.Ordinal);

        _kos.Ok("note", "--task", _task, "--decision", "Use the hosted fields");
        var r = _kos.Run("verify-context", _task, "--pack-hash", hash);
        Assert.Equal(1, r.Code);
        Assert.Contains("1 new decision", r.Out, StringComparison.Ordinal);

        _kos.Ok("plan-task", _task, "--step", "R1: a different plan");
        Assert.Contains("the plan changed", _kos.Run("verify-context", _task, "--pack-hash", hash).Out, StringComparison.Ordinal);

        var file = Directory.GetFiles(_repo.PathOf(".agent-os/specs"))[0];
        File.WriteAllText(file, File.ReadAllText(file).Replace("as it is typed", "on blur", StringComparison.Ordinal));
        Assert.Contains($"spec {_spec} changed", _kos.Run("verify-context", _task, "--pack-hash", hash).Out, StringComparison.Ordinal);

        // A fresh pack is current again; then evidence arrives.
        var fresh = (string)Pack()["hash"]!;
        Assert.Equal(0, _kos.Run("verify-context", _task).Code);
        _kos.Ok("add-eval", "test -f src/checkout/card-form.ts", "--task", _task);
        _kos.Run("eval-task", _task);

        var after = _kos.Run("verify-context", _task, "--pack-hash", fresh);
        Assert.Contains("new evidence", after.Out, StringComparison.Ordinal);
        Assert.Contains("passed `test -f src/checkout/card-form.ts`", _kos.Ok("context-pack", _task).Out, StringComparison.Ordinal);
    }
}
