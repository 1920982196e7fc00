using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;

namespace KnowledgeOS.Cli.Adapters.OpenCode;

/// <summary>
/// OpenCode: kos is a plugin, <c>.opencode/plugins/kos.js</c> (project) or <c>~/.config/opencode/plugins/kos.js</c>
/// (user, <c>$XDG_CONFIG_HOME</c> respected). The file is kos's alone (its first line says so); the user's other
/// plugins and <c>opencode.json</c> are never touched. The plugin runs the same fail-closed command lines as the
/// other agents' hooks, and blocks a tool call whenever kos cannot answer (not started, crashed, timed out, an
/// answer it cannot read).
/// </summary>
internal sealed class OpenCodePlugin : IHookTarget
{
    public const string Marker = "// kos: OpenCode plugin installed by 'kos hooks install --agent opencode'";

    /// <summary>OpenCode plugin hook → the event argument kos receives.</summary>
    public static readonly HookSpec[] Specs =
    [
        new("session.created", null, "session-created"),
        new("chat.message", null, "chat-message"),
        new("tool.execute.before", null, "tool-execute-before"),
        new("tool.execute.after", null, "tool-execute-after"),
        new("session.idle", null, "session-idle"),
        new("session.compacted", null, "session-compacted"),
        new("session.deleted", null, "session-deleted"),
    ];

    public string Agent => "opencode";

    public string File(string root, string scope, Func<string, string?> env) => scope == "user"
        ? Path.Combine(env("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "opencode", "plugins", "kos.js")
        : Path.Combine(root, ".opencode", "plugins", "kos.js");

    public InstallResult Install(string file, string kos, bool dryRun = false)
    {
        var text = Render(kos);
        var entries = Specs.Select(s => $"{s.Event}: {HookCommandLine.For(kos, Agent, s.Argument)}").ToList();
        string? before = null;
        if (System.IO.File.Exists(file))
        {
            before = System.IO.File.ReadAllText(file);
            if (!before.StartsWith(Marker, StringComparison.Ordinal))
            {
                throw KosException.Input($"{file} exists and is not kos's plugin; kos did not change it. Rename your plugin, then run this again.");
            }

            if (before == text)
            {
                return new InstallResult(Agent, file, false, null, entries, "already up to date");
            }
        }

        if (dryRun)
        {
            return new InstallResult(Agent, file, false, null, entries, "dry run: nothing written", UnifiedDiff.Of(file, before, text));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".kos-tmp";
        System.IO.File.WriteAllText(temp, text);
        System.IO.File.Move(temp, file, overwrite: true);
        return new InstallResult(Agent, file, true, null, entries);
    }

    public InstallResult Uninstall(string file, bool dryRun = false)
    {
        if (!System.IO.File.Exists(file))
        {
            return new InstallResult(Agent, file, false, null, [], "not installed (no file)");
        }

        var before = System.IO.File.ReadAllText(file);
        if (!before.StartsWith(Marker, StringComparison.Ordinal))
        {
            return new InstallResult(Agent, file, false, null, [], "the file is not kos's plugin; left as it is");
        }

        var removed = Installed(file).Select(i => $"{i.Event}: {i.Command}").ToList();
        if (dryRun)
        {
            return new InstallResult(Agent, file, false, null, removed, "dry run: nothing written; kos's plugin file would be removed", UnifiedDiff.Of(file, before, null));
        }

        System.IO.File.Delete(file);
        return new InstallResult(Agent, file, true, null, removed, "kos's plugin file was removed");
    }

    public IReadOnlyList<(string Event, string Command)> Installed(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        var text = System.IO.File.ReadAllText(file);
        if (!text.StartsWith(Marker, StringComparison.Ordinal) || Commands(text) is not { } commands)
        {
            return [];
        }

        return [.. commands.Where(kv => kv.Value is JsonValue).Select(kv => (kv.Key, kv.Value!.GetValue<string>()))];
    }

    /// <summary>The plugin file is kos's whole: sealed as written (an edit anywhere in it is drift).</summary>
    public IReadOnlyList<(string Key, string Content, bool Json)> Owned(string file) =>
        System.IO.File.Exists(file) && System.IO.File.ReadAllText(file) is var text && text.StartsWith(Marker, StringComparison.Ordinal) ? [("plugin", text, false)] : [];

    /// <summary>
    /// OpenCode loads no plugin with <c>--pure</c> (or <c>OPENCODE_PURE</c>), no project plugin with
    /// <c>OPENCODE_DISABLE_PROJECT_CONFIG</c>, and a plugin that fails to load is skipped: kos's file must be exactly what kos wrote.
    /// </summary>
    public string? WillNotFire(string root, string scope, string file, Func<string, string?> env)
    {
        if (AgentFolders.Truthy(env("OPENCODE_PURE")))
        {
            return "PLUGINS OFF: OPENCODE_PURE is set, so OpenCode loads no plugin and kos governs nothing. Unset it.";
        }

        if (scope == "project" && AgentFolders.Truthy(env("OPENCODE_DISABLE_PROJECT_CONFIG")))
        {
            return "PLUGINS OFF: OPENCODE_DISABLE_PROJECT_CONFIG is set, so OpenCode skips .opencode/plugins. Unset it, or install for your user: kos hooks install --agent opencode --scope user";
        }

        var text = System.IO.File.ReadAllText(file);
        var commands = Commands(text);
        var kos = commands?["tool-execute-before"] is JsonValue v && v.TryGetValue(out string? c) && KosOf(c) is { } k ? k : null;
        return kos is not null && text == Render(kos)
            ? null
            : $"EDITED: {file} is not the plugin kos writes (an edited plugin may fail to load, and OpenCode then runs without it). Reinstall: kos hooks install --agent opencode --scope {scope}";
    }

    /// <summary>The kos command inside one of the plugin's wrapped command lines.</summary>
    private static string? KosOf(string command)
    {
        const string tail = " hook opencode tool-execute-before";
        var start = command.IndexOf("; then timeout -k 2 ${KOS_HOOK_DEADLINE:-", StringComparison.Ordinal);
        var end = command.IndexOf(tail, StringComparison.Ordinal);
        if (start < 0 || end < 0)
        {
            return null;
        }

        var afterDeadline = command.IndexOf("} ", start, StringComparison.Ordinal);
        return afterDeadline < 0 || afterDeadline + 2 > end ? null : command[(afterDeadline + 2)..end];
    }

    /// <summary>The plugin's command table (one JSON line), or null when the file was edited past reading.</summary>
    public static JsonObject? Commands(string text)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("const COMMANDS = ", StringComparison.Ordinal));
        try
        {
            return line is null ? null : JsonNode.Parse(line["const COMMANDS = ".Length..].TrimEnd(';', '\r')) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>What kos writes for this kos command: compare with the file to tell an edited plugin.</summary>
    public static string Render(string kos)
    {
        var commands = new JsonObject();
        foreach (var s in Specs)
        {
            commands[s.Argument] = HookCommandLine.For(kos, "opencode", s.Argument);
        }

        return Marker + "\n" + Source.Replace("__COMMANDS__", HookJson.Write(commands).TrimEnd('\n'), StringComparison.Ordinal);
    }

    private const string Source = """
// Every tool call is checked by kos before it runs; a call kos cannot check is refused (the plugin throws).
// Remove it with 'kos hooks uninstall --agent opencode'. 'opencode --pure' runs without plugins: kos cannot govern that.
import { spawnSync } from "node:child_process";

const COMMANDS = __COMMANDS__;

function kos(event, payload, cwd) {
  const run = spawnSync("/bin/sh", ["-c", COMMANDS[event]], {
    input: JSON.stringify(payload), encoding: "utf8", cwd, timeout: 30000, maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error || run.status === null) {
    return { fail: `kos could not run (${run.error ? run.error.message : "killed by " + run.signal}), so this is refused. Check with: kos hooks status` };
  }
  if (run.status === 2) {
    let reason = (run.stderr || "").trim();
    try { const o = JSON.parse(run.stdout || "{}"); if (o.reason) reason = o.reason; } catch {}
    return { decision: "deny", reason: reason || "kos refused this call" };
  }
  if (run.status !== 0) {
    return { fail: `kos exited ${run.status}: ${(run.stderr || "").trim()}` };
  }
  const out = (run.stdout || "").trim();
  if (out === "") return {};
  try { return JSON.parse(out); } catch { return { fail: "kos answered something that is not JSON: " + out.slice(0, 200) }; }
}

export const KosGovernance = async ({ client, directory }) => {
  const context = new Map();
  const stopBlocked = new Set();
  return {
    "tool.execute.before": async (input, output) => {
      const a = kos("tool-execute-before", { hook_event_name: "tool.execute.before", sessionID: input.sessionID, tool: input.tool, callID: input.callID, args: output.args, directory }, directory);
      if (a.fail) throw new Error(a.fail);
      if (a.decision === "deny" || a.decision === "block") throw new Error(a.reason || "kos refused this call");
    },
    "tool.execute.after": async (input, output) => {
      const a = kos("tool-execute-after", { hook_event_name: "tool.execute.after", sessionID: input.sessionID, tool: input.tool, callID: input.callID, args: input.args,
        output: { title: output.title, output: output.output }, directory }, directory);
      const note = a.fail || a.reason || a.context;
      if (note) output.output = `${output.output ?? ""}\n\n${note}`;
    },
    "chat.message": async (input, output) => {
      const prompt = (output.parts || []).filter((p) => p.type === "text").map((p) => p.text).join("\n");
      const a = kos("chat-message", { hook_event_name: "chat.message", sessionID: input.sessionID, prompt, directory }, directory);
      if (a.fail) throw new Error(a.fail);
      if (a.decision === "deny") throw new Error(a.reason);
    },
    "shell.env": async (input, output) => {
      if (input.sessionID && !process.env.KOS_SESSION) output.env.KOS_SESSION = input.sessionID;
    },
    "experimental.chat.system.transform": async (input, output) => {
      const text = input.sessionID && context.get(input.sessionID);
      if (text) output.system.push(text);
    },
    event: async ({ event }) => {
      const id = event.properties?.sessionID ?? event.properties?.info?.id;
      if (event.type === "session.created" || event.type === "session.compacted") {
        const a = kos(event.type === "session.created" ? "session-created" : "session-compacted", { hook_event_name: event.type, sessionID: id, directory }, directory);
        if (a.context) context.set(id, a.context);
      } else if (event.type === "session.deleted") {
        kos("session-deleted", { hook_event_name: event.type, sessionID: id, directory }, directory);
      } else if (event.type === "session.idle") {
        const active = stopBlocked.has(id);
        stopBlocked.delete(id);
        const a = kos("session-idle", { hook_event_name: "session.idle", sessionID: id, stopHookActive: active, directory }, directory);
        if (!active && (a.decision === "block" || a.fail)) {
          stopBlocked.add(id);
          await client.session.prompt({ path: { id }, body: { parts: [{ type: "text", text: a.reason || a.fail }] } });
        }
      }
    },
  };
};
""";
}
