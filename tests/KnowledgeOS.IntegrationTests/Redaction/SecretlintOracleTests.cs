using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using KnowledgeOS.Testing.Redaction;
using Xunit.Abstractions;

namespace KnowledgeOS.IntegrationTests.Redaction;

/// <summary>
/// The secret corpus (<see cref="SecretCorpus"/>, 100+ formats) sent through every channel of the real kos binary (hook
/// input and output, keys and values; commands; prompts; final messages; output cut into excerpts; kos note; task titles;
/// eval output tails, task records, context packs), then checked by an oracle that shares no rule with kos: secretlint's
/// recommended preset over .agent-os/ (with the ledger's events and rows dumped as text beside it, so compressed columns are
/// read too). A control proves the oracle detects the same corpus written in the clear. Prints its counts (target: 0).
/// </summary>
[Trait("Category", "LocalLedger")] // dumps the SQLite ledger as text for the oracle
public sealed class SecretlintOracleTests(ITestOutputHelper output)
{
    private const string Session = "oracle-session";
    private const int Batch = 12;

    [NpmFact]
    public void secretlint_finds_nothing_under_agent_os_after_the_corpus_went_through_every_channel()
    {
        Assert.True(SecretCorpus.All.Count >= 100);
        using var repo = new TempRepo();
        var random = new Random(11);
        var sends = SecretCorpus.All.Select(f => (f.Name, Made: f.Make(random))).ToList();

        // The control: the same corpus written in the clear, outside .agent-os, is flagged (the oracle cannot pass vacuously).
        foreach (var (name, made) in sends)
        {
            repo.Write($"scratch/{name}.txt", made.Text + "\n");
        }

        var control = SecretlintOracle.Scan(repo.Root, "scratch/**/*");
        var detectable = control.Select(c => Path.GetFileNameWithoutExtension(c.File)).ToHashSet(StringComparer.Ordinal);
        Assert.True(detectable.Count >= 10, $"secretlint flagged only {detectable.Count} of {sends.Count} formats written in the clear: the oracle is not working");
        Directory.Delete(repo.PathOf("scratch"), recursive: true);

        Kos(repo, null, "init");
        Kos(repo, null, "create-task", "Oracle target", "--quick", "--scope", "src/**", "--session", Session, "--agent", "claude");
        Directory.CreateDirectory(repo.PathOf("src"));
        var n = 0;
        foreach (var chunk in sends.Chunk(Batch))
        {
            var text = string.Join("\n", chunk.Select(c => c.Made.Text));
            Hook(repo, "pre-tool-use", Pre(repo, "Bash", new JsonObject { ["command"] = $"printf '%s' '{text.Replace("'", "", StringComparison.Ordinal)}' > /dev/null" }));
            Hook(repo, "pre-tool-use", Pre(repo, "Write", new JsonObject { ["file_path"] = repo.PathOf($"src/f{n}.txt"), ["content"] = text }));
            var keyed = new JsonObject { ["file_path"] = repo.PathOf($"src/k{n}.txt"), ["content"] = "x" };
            var outputKeys = new JsonObject { ["stdout"] = text, ["interrupted"] = false };
            foreach (var (_, made) in chunk)
            {
                keyed[made.Text] = "v";
                outputKeys[made.Text] = "v";
            }

            Hook(repo, "pre-tool-use", Pre(repo, "Write", keyed));
            Hook(repo, "post-tool-use", Post(repo, outputKeys));
            Hook(repo, "user-prompt-submit", Event(repo, "UserPromptSubmit", "prompt", "use " + text));
            Hook(repo, "stop", Event(repo, "Stop", "last_assistant_message", "Done: " + text, stopActive: true));
            Kos(repo, null, "note", "remember " + text);
            Kos(repo, null, "create-task", "Rotate " + string.Join(" ", chunk.Select(c => c.Made.Text.Replace('\n', ' '))), "--quick", "--scope", $"area{n}/**");

            // An eval printing the secrets: its output tail is stored with the evidence, the task record renders it, the pack reads it.
            repo.Write($"ev{n}/out.txt", $"eval-canary-{n}\n{text}\n");
            var task = Kos(repo, null, "create-task", $"Eval {n}", "--quick", "--scope", $"ev{n}/**").Out.Split('\n')[0].Trim();
            Kos(repo, null, "add-eval", $"cat ev{n}/out.txt; test -e ev{n}/pass", "--task", task);
            KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, null, "eval-task", task);
            repo.Write($"ev{n}/pass", "");
            Kos(repo, null, "eval-task", task);
            Kos(repo, null, "report-task", task);
            Kos(repo, null, "context-pack", task);
            n++;
        }

        // One secret at a time, in its usual context, across the 1,024-character excerpt cut (no fragment may survive on either side).
        foreach (var (_, made) in sends)
        {
            var at = made.Text.IndexOf(made.Secret, StringComparison.Ordinal);
            var pad = new string('.', Math.Max(0, 1024 - Math.Max(0, at) - made.Secret.Length / 2)) + " ";
            Hook(repo, "post-tool-use", Post(repo, new JsonObject { ["stdout"] = pad + made.Text + " " + new string('-', 5000) }));
        }

        // The ledger as text beside it: events (payloads compressed in the file) and every projection row.
        File.WriteAllText(repo.PathOf(".agent-os/state/oracle-trace.json"), Kos(repo, null, "trace", "--json").Out);
        File.WriteAllText(repo.PathOf(".agent-os/state/oracle-dump.sql"), Sqlite(repo.PathOf(".agent-os/state/ledger.db"), ".dump"));

        // A connection string whose password is kos's own marker (postgresql://app:[REDACTED:url-password]@db) is what
        // redaction leaves on purpose: secretlint's rule takes any password text for one. Counted apart, never a pass for a secret.
        var scanned = SecretlintOracle.Scan(repo.Root, ".agent-os/**/*");
        var markers = scanned.Where(f => f.Match.Contains("[REDACTED:", StringComparison.Ordinal)).ToList();
        var found = scanned.Except(markers).ToList();
        var stored = Stored(repo.PathOf(".agent-os"), sends.Select(s => (s.Name, s.Made.Secret)));
        var kept = Directory.EnumerateFiles(repo.PathOf(".agent-os"), "*", SearchOption.AllDirectories).Select(f => File.ReadAllText(f, Encoding.Latin1)).ToList();
        Assert.Contains(kept, t => t.Contains("eval-canary-", StringComparison.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(repo.PathOf(".agent-os/tasks")));

        output.WriteLine($"secretlint: {found.Count} findings under .agent-os/ (target 0; {markers.Count} more matched only kos's [REDACTED:…] markers); " +
                         $"the oracle flags {detectable.Count} of {sends.Count} formats written in the clear");
        output.WriteLine($"secrets: {stored.Count} of {sends.Count} formats stored whole or as a 16-character fragment (target 0), {n} batches x 10 channels + {sends.Count} excerpt cuts");
        foreach (var f in found.Take(40))
        {
            output.WriteLine($"  secretlint {f.Rule}: {Path.GetRelativePath(repo.Root, f.File)}");
        }

        foreach (var rule in markers.GroupBy(m => m.Rule))
        {
            output.WriteLine($"  {rule.Count()} x {rule.Key} on a redacted value, e.g. {rule.First().Match}");
        }

        foreach (var s in stored.Take(40))
        {
            output.WriteLine($"  stored: {s}");
        }

        Assert.True(found.Count == 0, string.Join("\n", found.Take(30).Select(f => $"{f.Rule}: {f.File}")));
        Assert.All(markers, m => Assert.DoesNotContain(sends, s => m.Match.Contains(s.Made.Secret, StringComparison.Ordinal)));
        Assert.True(stored.Count == 0, string.Join(", ", stored));
    }

    private static ProcessRun Kos(TempRepo repo, string? stdin, params string[] args)
    {
        var r = KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, stdin, args);
        Assert.True(r.Code == 0, $"kos {string.Join(' ', args.Select(a => a.Length > 60 ? a[..60] + "…" : a))}\n{r}");
        return r;
    }

    private static void Hook(TempRepo repo, string eventName, string payload) =>
        KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, payload, "hook", "claude", eventName);

    private static string Pre(TempRepo repo, string tool, JsonNode input) => new JsonObject
    {
        ["session_id"] = Session, ["transcript_path"] = "/tmp/t.jsonl", ["cwd"] = repo.Root, ["permission_mode"] = "bypassPermissions",
        ["hook_event_name"] = "PreToolUse", ["tool_name"] = tool, ["tool_input"] = input, ["tool_use_id"] = "toolu_01",
    }.ToJsonString();

    private static string Post(TempRepo repo, JsonNode response) => new JsonObject
    {
        ["session_id"] = Session, ["cwd"] = repo.Root, ["hook_event_name"] = "PostToolUse", ["tool_name"] = "Bash",
        ["tool_input"] = new JsonObject { ["command"] = "cat notes" }, ["tool_response"] = response,
    }.ToJsonString();

    private static string Event(TempRepo repo, string name, string field, string text, bool stopActive = false)
    {
        var o = new JsonObject { ["session_id"] = Session, ["cwd"] = repo.Root, ["hook_event_name"] = name, [field] = text };
        if (stopActive)
        {
            o["stop_hook_active"] = true;
        }

        return o.ToJsonString();
    }

    private static string Sqlite(string db, string command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(db);
        psi.ArgumentList.Add(command);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        return text;
    }

    /// <summary>The formats whose secret, or any 16-character window of it, appears in a file under <paramref name="folder"/>.</summary>
    private static List<string> Stored(string folder, IEnumerable<(string Format, string Secret)> sent)
    {
        var texts = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => File.ReadAllText(f, Encoding.Latin1)).ToList();
        return sent.Where(s => Windows(s.Secret).Any(w => texts.Any(t => t.Contains(w, StringComparison.Ordinal)))).Select(s => s.Format).ToList();
    }

    private static IEnumerable<string> Windows(string secret)
    {
        const int size = 16;
        if (secret.Length <= size)
        {
            yield return secret;
            yield break;
        }

        for (var i = 0; i + size <= secret.Length; i += 8)
        {
            var w = secret.Substring(i, size);
            if (!w.Contains('\n') && !w.Contains("-----", StringComparison.Ordinal))
            {
                yield return w;
            }
        }
    }
}
