using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Git;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Catches the writes hooks cannot see (a shell <c>cat &gt;</c>, a script, a subagent): after each
/// such call the working tree's changed files are compared with the session's last snapshot, and
/// every newly changed file outside the task's scope is recorded as a violation, which blocks
/// completion (<see cref="ViolationGate"/>) until it is reverted or brought into scope.
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

    private static string Digest(string path)
    {
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
    public static void EnsureSnapshot(ILedgerWriter w, string root, string session)
    {
        if (w.GetRecord(SnapshotKind, session) is null)
        {
            w.PutRecord(SnapshotKind, session, null, ToJson(Dirty(root)).ToJsonString());
        }
    }

    /// <summary>The out-of-scope files changed since the last snapshot; records them and moves the snapshot on.</summary>
    public static IReadOnlyList<PathDecision> Reconcile(Kernel kernel, ILedgerWriter w, string session, TaskState? task, string cause)
    {
        var root = kernel.Project.Root;
        var now = Dirty(root);
        var before = w.GetRecord(SnapshotKind, session) is { } json ? FromJson(json) : [];
        var changed = now.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
            .Concat(before.Keys.Where(k => !now.ContainsKey(k)))
            .Where(p => !p.StartsWith(".agent-os/state/", StringComparison.Ordinal))
            .ToList();
        w.PutRecord(SnapshotKind, session, task?.Id, ToJson(now).ToJsonString());
        if (changed.Count == 0)
        {
            return [];
        }

        var bad = kernel.CheckWrite(changed, task?.Id, session, root, record: false, reader: w).Paths.Where(v => !v.Allowed).ToList();
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

    private static JsonObject ToJson(Dictionary<string, string> files)
    {
        var o = new JsonObject();
        foreach (var (k, v) in files)
        {
            o[k] = v;
        }

        return o;
    }

    private static Dictionary<string, string> FromJson(string json)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(json) is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                d[k] = v?.GetValue<string>() ?? "";
            }
        }

        return d;
    }
}
