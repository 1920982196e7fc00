using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Git;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
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

    private static readonly string[] StatusArgs = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"];

    /// <summary>Changed (tracked or untracked, not ignored) files and a digest of each one's content; a sandbox's placeholder is none (<see cref="Fence.SandboxPlaceholders"/>).</summary>
    public static Dictionary<string, string> Dirty(string root)
    {
        var r = GitCli.Run(root, StatusArgs);
        return r.Ok ? FromStatus(root, r.Stdout) : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Digests the entries of <c>git status --porcelain=v1 -z</c> as the tree is now. An untracked file that is gone by
    /// the time it is read (a sandbox's placeholder removed when its command ended, a temporary file) was never part of
    /// the tree git knows: it is no change. A tracked file that is gone is a deletion.
    /// </summary>
    internal static Dictionary<string, string> FromStatus(string root, string porcelainZ)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in porcelainZ.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Length < 4)
            {
                continue;
            }

            var path = entry[3..];
            var full = Path.Combine(root, path);
            if (entry.StartsWith("??", StringComparison.Ordinal)
                && (Fence.SandboxPlaceholders.IsPlaceholder(root, path) || new FileInfo(full) is { Exists: false, LinkTarget: null }))
            {
                continue;
            }

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
            var level = kernel.Config.For("scope");
            w.PutRecord(SnapshotKind, session, null, new TreeSnapshot(kernel.Now(), Dirty(kernel.Project.Root), GitHead.Of(kernel.Project.Root),
                UnlistedPaths.Digests(kernel.Project), level).ToJsonString());
        }
    }

    /// <summary>
    /// The out-of-scope files this session changed since its last snapshot; records them and moves the
    /// snapshot on. Changed means: listed by git status with other content, committed since (HEAD moved:
    /// every path the new commits touch), or a protected file git does not list (<see cref="UnlistedPaths"/>).
    /// A change to a file that held uncommitted work (discarded or overwritten) is destroyed work: it blocks
    /// completion until restored or acknowledged by a person. Judged with the strictness in force before
    /// the call (recorded in the snapshot), so a call that lowers it is still judged at the old level.
    /// Changes another session accounts for are left to it; ambiguous ones are recorded as unattributed
    /// (<c>change.unattributed</c>), never blamed on this session.
    /// </summary>
    public static IReadOnlyList<PathDecision> Reconcile(Kernel kernel, ILedgerWriter w, string session, TaskState? task, string cause, Task<TreeObservation> observing)
    {
        var root = kernel.Project.Root;
        var (at, now, head, unlisted) = observing.GetAwaiter().GetResult();
        var current = kernel.Config.For("scope");
        var snapshot = w.GetRecord(SnapshotKind, session) is { } json ? TreeSnapshot.Parse(json) : null;
        var before = snapshot ?? new TreeSnapshot(at, new Dictionary<string, string>(), head, unlisted, current);
        var committed = CommittedSince(root, before.Head, head);
        var protectedChanged = UnlistedPaths.Changed(before.Unlisted, unlisted).ToList();
        var changed = now.Where(kv => !before.Files.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
            .Concat(before.Files.Keys.Where(k => !now.ContainsKey(k)))
            .Concat(committed)
            .Concat(protectedChanged)
            .Where(p => !p.StartsWith(".agent-os/state/", StringComparison.Ordinal))
            .Where(p => !OwnWrites.IsOwn(w, root, p, now.TryGetValue(p, out var d) ? d : Digest(Path.Combine(root, p))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // The level in force before the call; a call that changed kos's configuration does not lower it for the next one either.
        var level = snapshot?.Strictness ?? current;
        var configChanged = protectedChanged.Any(p => p.StartsWith(".agent-os/config", StringComparison.Ordinal));
        w.PutRecord(SnapshotKind, session, task?.Id, new TreeSnapshot(at, now, head, unlisted, configChanged ? level : current).ToJsonString());
        var call = Attribution.EndCall(w, session, at);
        if (changed.Count == 0 || level == Strictness.Off)
        {
            return [];
        }

        // A committed file is judged by the content it has now (clean: as committed), so a commit another session of a
        // shared tree made of its own checked write stays that session's.
        var seen = new Dictionary<string, string>(now, StringComparer.Ordinal);
        foreach (var p in committed.Concat(protectedChanged).Where(p => !seen.ContainsKey(p)))
        {
            seen[p] = unlisted.TryGetValue(p, out var u) ? u : Digest(Path.Combine(root, p));
        }

        var split = Attribution.Split(kernel, w, session, task, call, before.At, at, changed, seen);
        if (split.Unattributed.Count > 0)
        {
            Attribution.RecordUnattributed(kernel, w, session, task, cause, split.Unattributed, seen);
        }

        if (split.Mine.Count == 0)
        {
            return [];
        }

        // Named by the path git lists (a symlink by its own name, not its target's), as the completion check reads it.
        var denied = kernel.Writes.Check(split.Mine, task?.Id, session, root, record: false, reader: w, level: level).Paths.Where(v => !v.Allowed).ToList();
        var targets = denied.Where(v => v.Path is not null && v.Path != v.Input).ToDictionary(v => v.Input, v => v.Path!, StringComparer.Ordinal);
        var bad = denied.Select(v => v with { Path = v.Input }).ToList();
        if (bad.Count == 0)
        {
            return [];
        }

        kernel.Append(w, EventCatalog.ScopeViolation, task?.Id,
            new ScopeViolation(bad.Select(b => b.Path ?? b.Input).ToList(), bad.Select(b => b.Reason).ToList(), cause, task?.Scope, Claims.WorktreeBinding.NameOf(kernel.Project)), session);
        if (task is not null)
        {
            foreach (var b in bad)
            {
                var path = b.Path ?? b.Input;
                var key = $"{task.Id}:{path}";
                var o = new JsonObject { ["path"] = path, ["why"] = b.Reason, ["cause"] = cause, ["session"] = session, ["tree"] = root, ["head"] = before.Head ?? head };
                if (targets.TryGetValue(path, out var target))
                {
                    // A symlink: judged by where it leads.
                    o["target"] = target;
                }

                var earlier = w.GetRecord(ViolationKind, key);
                if (before.Unlisted.ContainsKey(path) || unlisted.ContainsKey(path))
                {
                    // Git never lists it: open while its content differs from what it was before the call.
                    o["unlisted"] = true;
                    o["before"] = before.Unlisted.GetValueOrDefault(path, "absent");
                }

                if (before.Files.TryGetValue(path, out var work) && earlier is null)
                {
                    // It held uncommitted changes this session did not make, and they are gone or overwritten.
                    o["destroyed"] = true;
                    o["before"] = work;
                }
                else if (earlier is not null && JsonNode.Parse(earlier) is JsonObject prior && prior["destroyed"]?.GetValue<bool>() == true)
                {
                    (o["destroyed"], o["before"], o["head"]) = (true, prior["before"]?.GetValue<string>(), prior["head"]?.GetValue<string>());
                }

                w.PutRecord(ViolationKind, key, task.Id, o.ToJsonString());
            }
        }

        return bad;
    }

    /// <summary>
    /// Starts reading the tree as the call left it (git status is most of a post-tool hook on a big tree), so the hook's
    /// start-up and ledger work run meanwhile: begun before the ledger is even opened. HEAD and the protected files git
    /// does not list are read while git status runs. Stamped once git has read the tree: every call that may have written
    /// what it saw started before the stamp, so the attribution window still contains it.
    /// </summary>
    public static Task<TreeObservation> StartObserving(KosProject project, TimeProvider clock)
    {
        var status = GitCli.Start(project.Root, StatusArgs); // on this thread: no wait for a pool thread before git starts
        return Task.Run(() => Observe(project, clock, status));
    }

    private static TreeObservation Observe(KosProject project, TimeProvider clock, RunningGit status)
    {
        var root = project.Root;
        var head = GitHead.Of(root);
        var unlisted = UnlistedPaths.Digests(project);
        var r = status.Finish();
        var files = r.Ok ? FromStatus(root, r.Stdout) : new Dictionary<string, string>(StringComparer.Ordinal);
        return new TreeObservation(Ledger.LedgerTime.Stamp(clock.GetUtcNow()), files, head, unlisted);
    }

    /// <summary>Every path the commits between <paramref name="from"/> and <paramref name="to"/> touch (none when HEAD did not move).</summary>
    private static IEnumerable<string> CommittedSince(string root, string? from, string? to)
    {
        if (to is null || string.Equals(from, to, StringComparison.Ordinal))
        {
            return [];
        }

        var r = from is null
            ? GitCli.Run(root, "ls-tree", "-r", "--name-only", "-z", to)
            : GitCli.Run(root, "diff", "--name-only", "-z", "--no-renames", from, to);
        return r.Ok ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries) : [];
    }
}

/// <summary>The work tree at one instant, as reconciliation compares it: changed files' digests, HEAD, and the protected files git does not list.</summary>
public sealed record TreeObservation(string At, Dictionary<string, string> Files, string? Head, Dictionary<string, string> Unlisted);
