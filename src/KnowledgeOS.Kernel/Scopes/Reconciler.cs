using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Git;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Catches the writes hooks cannot see (a shell <c>cat &gt;</c>, a script, a subagent): after each
/// such call the working tree's changed files are compared with the session's last snapshot, each
/// change is attributed (<see cref="Attribution"/>: several sessions may share one tree), and every
/// change of this session's outside its task's scope is recorded as a violation, which blocks that
/// task's completion (<see cref="ViolationGate"/>) until it is reverted or brought into scope.
/// </summary>
public static class Reconciler
{
    public const string SnapshotKind = "tree-snapshot";
    public const string ViolationKind = "scope-violation";

    /// <summary>Changed (tracked or untracked, not ignored) files and a digest of each one's content.</summary>
    public static Dictionary<string, string> Dirty(string root)
    {
        var r = GitCli.Run(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!r.Ok)
        {
            return files;
        }

        foreach (var entry in r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Length < 4)
            {
                continue;
            }

            var path = entry[3..];
            var full = Path.Combine(root, path);
            files[path] = File.Exists(full) ? Digest(full) : "deleted";
        }

        return files;
    }

    /// <summary>A file's content digest as <see cref="Dirty"/> records it ("deleted" when it is gone).</summary>
    public static string Digest(string path)
    {
        if (!File.Exists(path))
        {
            return "deleted";
        }

        try
        {
            using var s = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(s))[..16];
        }
        catch (IOException)
        {
            return "unreadable";
        }
    }

    /// <summary>Takes the session's baseline if it has none (what was already changed is not this session's doing).</summary>
    public static void EnsureSnapshot(Kernel kernel, ILedgerWriter w, string session)
    {
        if (w.GetRecord(SnapshotKind, session) is null)
        {
            w.PutRecord(SnapshotKind, session, null, Snapshot(kernel.Now(), Dirty(kernel.Project.Root)).ToJsonString());
        }
    }

    /// <summary>
    /// The out-of-scope files this session changed since its last snapshot; records them and moves the
    /// snapshot on. Changes another session accounts for are left to it; ambiguous ones are recorded
    /// as unattributed (<c>change.unattributed</c>), never blamed on this session.
    /// </summary>
    public static IReadOnlyList<PathDecision> Reconcile(Kernel kernel, ILedgerWriter w, string session, TaskState? task, string cause)
    {
        var root = kernel.Project.Root;
        var now = Dirty(root);
        var at = kernel.Now();
        var (since, before) = w.GetRecord(SnapshotKind, session) is { } json ? Read(json) : (at, []);
        var changed = now.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
            .Concat(before.Keys.Where(k => !now.ContainsKey(k)))
            .Where(p => !p.StartsWith(".agent-os/state/", StringComparison.Ordinal))
            .ToList();
        w.PutRecord(SnapshotKind, session, task?.Id, Snapshot(at, now).ToJsonString());
        var call = Attribution.EndCall(w, session, at);
        if (changed.Count == 0)
        {
            return [];
        }

        var split = Attribution.Split(kernel, w, session, task, call, since, at, changed, now);
        if (split.Unattributed.Count > 0)
        {
            Attribution.RecordUnattributed(kernel, w, session, task, cause, split.Unattributed, now);
        }

        if (split.Mine.Count == 0)
        {
            return [];
        }

        var bad = kernel.CheckWrite(split.Mine, task?.Id, session, root, record: false, reader: w).Paths.Where(v => !v.Allowed).ToList();
        if (bad.Count == 0)
        {
            return [];
        }

        kernel.Append(w, EventCatalog.ScopeViolation, task?.Id,
            new ScopeViolation(bad.Select(b => b.Path ?? b.Input).ToList(), bad.Select(b => b.Reason).ToList(), cause, task?.Scope, Claims.WorktreeBinding.NameOf(kernel.Project)), session);
        if (task is not null)
        {
            var head = Evidence.WorkingTree.Head(root);
            foreach (var b in bad)
            {
                w.PutRecord(ViolationKind, $"{task.Id}:{b.Path ?? b.Input}", task.Id,
                    new JsonObject { ["path"] = b.Path ?? b.Input, ["why"] = b.Reason, ["cause"] = cause, ["session"] = session, ["tree"] = root, ["head"] = head }.ToJsonString());
            }
        }

        return bad;
    }

    private static JsonObject Snapshot(string at, Dictionary<string, string> files)
    {
        var o = new JsonObject();
        foreach (var (k, v) in files)
        {
            o[k] = v;
        }

        return new JsonObject { ["at"] = at, ["files"] = o };
    }

    private static (string At, Dictionary<string, string> Files) Read(string json)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = JsonNode.Parse(json) as JsonObject;
        // Older snapshots were the bare file map.
        var files = node?["files"] as JsonObject ?? node;
        foreach (var (k, v) in files ?? [])
        {
            if (v is JsonValue value && value.TryGetValue(out string? s))
            {
                d[k] = s;
            }
        }

        return (node?["at"]?.GetValue<string>() ?? "", d);
    }
}
