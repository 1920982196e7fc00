using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing.FailClosed;
using Xunit.Abstractions;

namespace KnowledgeOS.Testing.Redaction;

/// <summary>
/// Every format of <see cref="SecretCorpus"/> sent through every channel an agent or a person feeds
/// kos (hook inputs: values and keys, commands, prompts, final messages, tool outputs, long outputs
/// cut into excerpts; notes; task titles): afterwards nothing under .agent-os/ holds a secret or a
/// 16-character fragment of one. Prints the count (target 0).
/// </summary>
public sealed class SecretChannelsTests(ITestOutputHelper output)
{
    private delegate void Channel(HookHarness h, InProcess kos, string text, string secret, int n);

    private static readonly (string Name, Channel Send)[] Channels =
    [
        ("hook command", (h, _, text, _, _) => h.Hook(HookHarness.Payload("Bash", new JsonObject { ["command"] = $"echo '{text}' > /dev/null", ["description"] = "x" }, h.Repo.Root))),
        ("hook write content", (h, _, text, _, n) => h.Hook(HookHarness.Payload("Write", new JsonObject { ["file_path"] = h.Repo.PathOf($"src/f{n}.txt"), ["content"] = text }, h.Repo.Root))),
        ("hook input key", (h, _, text, _, n) => h.Hook(HookHarness.Payload("Write", new JsonObject { ["file_path"] = h.Repo.PathOf($"src/k{n}.txt"), ["content"] = "x", [text] = "v" }, h.Repo.Root))),
        ("hook tool output", (h, _, text, _, _) => h.Hook(Post(h, new JsonObject { ["stdout"] = text, ["stderr"] = "", ["interrupted"] = false }), eventName: "post-tool-use")),
        ("hook output cut", (h, _, _, secret, _) =>
        {
            var pad = new string('.', Math.Max(0, 1024 - secret.Length / 2)) + " ";
            h.Hook(Post(h, new JsonObject { ["stdout"] = pad + secret + " " + new string('-', 5000) }), eventName: "post-tool-use");
        }),
        ("hook prompt", (h, _, text, _, _) => h.Hook(new JsonObject { ["session_id"] = HookHarness.Session, ["cwd"] = h.Repo.Root, ["hook_event_name"] = "UserPromptSubmit", ["prompt"] = "use " + text }.ToJsonString(), eventName: "user-prompt-submit")),
        ("hook final message", (h, _, text, _, _) => h.Hook(new JsonObject { ["session_id"] = HookHarness.Session, ["cwd"] = h.Repo.Root, ["hook_event_name"] = "Stop", ["stop_hook_active"] = true, ["last_assistant_message"] = "Done: " + text }.ToJsonString(), eventName: "stop")),
        ("kos note", (_, kos, text, _, _) => kos.Run("note", "remember " + text)),
        ("task title", (_, kos, text, _, n) => kos.Run("create-task", "Rotate " + text, "--quick", "--scope", $"area{n}/**")),
        ("eval output tail, task record, context pack", (h, kos, text, _, n) =>
        {
            // An eval that prints the secret: its output tail is stored with the evidence, the record renders it, the pack reads it.
            h.Repo.Write($"ev{n}/out.txt", $"eval-canary-{n} " + text + "\n");
            var task = kos.Ok("create-task", $"Eval {n} {text}", "--quick", "--scope", $"ev{n}/**").FirstLine;
            kos.Run("add-eval", $"cat ev{n}/out.txt; test -e ev{n}/pass", "--task", task);
            kos.Run("eval-task", task);
            h.Repo.Write($"ev{n}/pass", "");
            kos.Run("eval-task", task);
            kos.Run("report-task", task);
            kos.Run("context-pack", task);
        }),
    ];

    private static string Post(HookHarness h, JsonNode response) => new JsonObject
    {
        ["session_id"] = HookHarness.Session, ["cwd"] = h.Repo.Root, ["hook_event_name"] = "PostToolUse", ["tool_name"] = "Bash",
        ["tool_input"] = new JsonObject { ["command"] = "cat notes" }, ["tool_response"] = response,
    }.ToJsonString();

    [Fact]
    public void no_secret_or_fragment_of_one_is_stored_from_any_channel()
    {
        Assert.True(SecretCorpus.All.Count >= 100);
        using var h = new HookHarness("standard");
        var kos = new InProcess(h.Repo.Root);
        var random = new Random(7);
        var sent = new List<(string Format, string Channel, string Secret)>();
        var n = 0;
        foreach (var format in SecretCorpus.All)
        {
            foreach (var (name, send) in Channels)
            {
                var (secret, text) = format.Make(random);
                send(h, kos, text, secret, n++);
                sent.Add((format.Name, name, secret));
            }
        }

        var stored = Stored(h.Repo.PathOf(".agent-os"), sent);
        // The channels really store what was sent beside the secret: the eval output, the task record, the pack.
        var kept = Directory.EnumerateFiles(h.Repo.PathOf(".agent-os"), "*", SearchOption.AllDirectories).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f)));
        Assert.Contains(kept, t => t.Contains("eval-canary-", StringComparison.Ordinal));
        Assert.True(Directory.Exists(h.Repo.PathOf(".agent-os/tasks")) && Directory.GetFiles(h.Repo.PathOf(".agent-os/tasks")).Length > 0, "no task record was written");
        output.WriteLine($"secrets: {stored.Count} of {sent.Count} sends stored ({SecretCorpus.All.Count} formats x {Channels.Length} channels; target 0)");
        foreach (var group in stored.GroupBy(s => s.Format))
        {
            output.WriteLine($"  {group.Key}: {string.Join(", ", group.Select(g => g.Channel))}");
        }

        Assert.True(stored.Count == 0, string.Join("\n", stored.Take(30).Select(s => $"{s.Format} via {s.Channel}")));
    }

    /// <summary>The sends whose secret, or any 16-character window of it, appears in a file under <paramref name="folder"/>.</summary>
    internal static List<(string Format, string Channel, string Secret)> Stored(string folder, IEnumerable<(string Format, string Channel, string Secret)> sent)
    {
        var texts = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))).ToList();
        return sent.Where(s => Windows(s.Secret).Any(w => texts.Any(t => t.Contains(w, StringComparison.Ordinal)))).ToList();
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
            // Newlines and the PEM armour are structure, not secret material.
            if (!w.Contains('\n') && !w.Contains("-----", StringComparison.Ordinal))
            {
                yield return w;
            }
        }
    }
}
