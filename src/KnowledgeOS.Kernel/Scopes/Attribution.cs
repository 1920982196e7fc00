using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>A tool call kos could not watch write by write (shell, subagent, MCP): who ran it, when, and what it can write (null: anything).</summary>
public sealed record OpenCall(string Session, string? Task, string Start, string? End, IReadOnlyList<string>? Targets);

/// <summary>What one session's reconciliation keeps: its own changes, and the ones no session can be named for.</summary>
public sealed record AttributionSplit(IReadOnlyList<string> Mine, IReadOnlyList<(string Path, IReadOnlyList<OpenCall> Candidates)> Unattributed);

/// <summary>
/// Who made a change in a work tree several agent sessions share. A change seen in a session's window
/// (from its last snapshot to the end of its call) is:
/// <list type="bullet">
/// <item>another session's, when that session accounted for it (it wrote the file through a hook-checked
/// tool, or its own reconciliation took or reported that very content);</item>
/// <item>this session's, when no other session was at work in the window (as with one agent), or when
/// this call could have written it and no other session's running call could;</item>
/// <item>left to another session, when this call provably could not have written it (a plain command
/// whose every write is named in its words, <see cref="ShellWrites.Exactly"/>) and another running call could;</item>
/// <item>unattributed otherwise: recorded (<c>change.unattributed</c>) for a person to assign, never
/// blamed on a bystander.</item>
/// </list>
/// </summary>
public static partial class Attribution
{
    public const string CallKind = "tool-call";
    public const string ChangeKind = "change";
    public const string UnattributedKind = "unattributed-change";

    /// <summary>A call with no post-tool event after this long is taken as dead (the agent was killed).</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(15);

    /// <summary>How long before a window's start a hook-checked write may have been announced and still land inside it.</summary>
    private static readonly TimeSpan Announce = TimeSpan.FromSeconds(30);

    /// <summary>Pre-tool: a shell/subagent/MCP call of <paramref name="session"/> starts; what it can write (null: anything).</summary>
    public static void BeginCall(Kernel kernel, ILedgerWriter w, string session, TaskState? task, IReadOnlyList<string>? targets)
    {
        var o = new JsonObject { ["task"] = task?.Id, ["start"] = kernel.Now(), ["tree"] = Tree(kernel) };
        if (targets is not null)
        {
            o["targets"] = new JsonArray(targets.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        }

        w.PutRecord(CallKind, session, task?.Id, o.ToJsonString());
    }

    /// <summary>Post-tool: the session's call ended; returns it (null when no pre-tool event announced it).</summary>
    public static OpenCall? EndCall(ILedgerWriter w, string session, string at)
    {
        if (w.GetRecord(CallKind, session) is not { } json || Parse(session, json) is not { End: null } call)
        {
            return null;
        }

        var o = JsonNode.Parse(json)!.AsObject();
        o["end"] = at;
        w.PutRecord(CallKind, session, call.Task, o.ToJsonString());
        return call;
    }

    /// <summary>
    /// A hook-checked write (Write, Edit…) of <paramref name="session"/> to these repository paths: about
    /// to happen (pre-tool, <paramref name="root"/> null), or done (post-tool: the content it left is recorded).
    /// </summary>
    public static void NoteWrites(Kernel kernel, ILedgerWriter w, string session, TaskState? task, IEnumerable<string> paths, string? root)
    {
        var at = kernel.Now();
        var tree = Tree(kernel);
        foreach (var p in paths)
        {
            var o = new JsonObject { ["session"] = session, ["verdict"] = "write", ["at"] = at };
            if (root is not null)
            {
                o["digest"] = Reconciler.Digest(Path.Combine(root, p));
            }

            w.PutRecord(ChangeKind, Key(tree, p), task?.Id, o.ToJsonString());
        }
    }

    public static AttributionSplit Split(Kernel kernel, ILedgerWriter w, string session, TaskState? task, OpenCall? call, string since, string at,
        IReadOnlyList<string> changed, IReadOnlyDictionary<string, string> now)
    {
        var end = Time(at);
        var start = Time(since);
        var tree = Tree(kernel);
        // Only calls in this work tree: linked worktrees have their own files.
        var others = w.ListRecords(CallKind)
            .Where(r => r.Key != session && JsonNode.Parse(r.Value)?["tree"]?.GetValue<string>() == tree)
            .Select(r => Parse(r.Key, r.Value))
            .Where(c => c is not null && Time(c.Start) <= end && (c.End is null ? Time(c.Start) >= end - Stale : Time(c.End) >= start))
            .Select(c => c!)
            .ToList();
        var running = others.Where(c => c.End is null).ToList();
        var mine = new List<string>();
        var unattributed = new List<(string, IReadOnlyList<OpenCall>)>();
        foreach (var path in changed)
        {
            var digest = now.TryGetValue(path, out var d) ? d : "deleted";
            var accounted = AccountedFor(w, Key(tree, path), digest, start);
            if (accounted is null && AtomicWriteTarget(path) is { } target && WriterOf(w, Key(tree, target), start) is { } writer)
            {
                // The temporary file a checked write makes beside its target and renames over it (Claude Code's Write):
                // it belongs to the session whose write it is, even when another session's shell call saw it in passing.
                accounted = writer;
            }

            if (accounted == session)
            {
                // Its own checked write (Write, Edit…): the pre-tool check already judged it.
                mine.Add(path);
                continue;
            }

            if (accounted is not null)
            {
                continue;
            }

            var self = call?.Targets is null || ShellWrites.Covers(call.Targets, path);
            var could = running.Where(c => c.Targets is null || ShellWrites.Covers(c.Targets, path)).ToList();
            if (others.Count == 0 || self && could.Count == 0)
            {
                mine.Add(path);
                Take(w, Key(tree, path), session, task, digest, "own", at);
            }
            else if (!self && could.Count > 0)
            {
                // Another running call can have written it and this one cannot: that call's reconciliation decides.
            }
            else if (self && could.All(c => c.Task is not null && c.Task == task?.Id))
            {
                mine.Add(path);
                Take(w, Key(tree, path), session, task, digest, "own", at);
            }
            else
            {
                var candidates = self ? [new OpenCall(session, task?.Id, since, at, call?.Targets), .. could] : could;
                if (Harmless(kernel, w, path, candidates))
                {
                    Take(w, Key(tree, path), session, task, digest, "shared", at);
                    continue;
                }

                unattributed.Add((path, candidates));
                Take(w, Key(tree, path), session, task, digest, "unattributed", at);
            }
        }

        return new AttributionSplit(mine, unattributed);
    }

    /// <summary>Records changes no session can be named for: one event, and a record per path for postflight and a person to assign.</summary>
    public static void RecordUnattributed(Kernel kernel, ILedgerWriter w, string session, TaskState? task, string cause,
        IReadOnlyList<(string Path, IReadOnlyList<OpenCall> Candidates)> paths, IReadOnlyDictionary<string, string> now)
    {
        var sessions = paths.SelectMany(p => p.Candidates.Select(c => c.Session)).Distinct(StringComparer.Ordinal).ToList();
        var tasks = paths.SelectMany(p => p.Candidates.Select(c => c.Task)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        kernel.Append(w, EventCatalog.ChangeUnattributed, null,
            new ChangeUnattributed(paths.Select(p => p.Path).ToList(), sessions, tasks, session, cause, Claims.WorktreeBinding.NameOf(kernel.Project)), session);
        foreach (var (path, candidates) in paths)
        {
            w.PutRecord(UnattributedKind, Key(Tree(kernel), path), null, new JsonObject
            {
                ["path"] = path,
                ["digest"] = now.TryGetValue(path, out var d) ? d : "deleted",
                ["tree"] = kernel.Project.Root,
                ["seenBy"] = session,
                ["sessions"] = new JsonArray(candidates.Select(c => (JsonNode)JsonValue.Create(c.Session)!).ToArray()),
                ["tasks"] = new JsonArray(candidates.Select(c => c.Task).OfType<string>().Distinct(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            }.ToJsonString());
        }
    }

    /// <summary>
    /// The session that accounted for this content of the path: it wrote the file through a checked tool
    /// (in or just before the window, or leaving exactly this content), or its reconciliation already
    /// dealt with this very content. Null when no session did.
    /// </summary>
    private static string? AccountedFor(ILedgerReader r, string key, string digest, DateTimeOffset start)
    {
        if (r.GetRecord(ChangeKind, key) is not { } json || JsonNode.Parse(json) is not { } rec)
        {
            return null;
        }

        // A checked write announced but not yet reported done: its file may be changing right now.
        var accounted = rec["digest"] is null
            ? rec["verdict"]?.GetValue<string>() == "write" && Time(rec["at"]?.GetValue<string>() ?? "") >= start - Announce
            : rec["digest"]!.GetValue<string>() == digest;
        return accounted ? rec["session"]?.GetValue<string>() : null;
    }

    /// <summary>The target of an atomic write's temporary file (<c>TARGET.tmp.PID.HEX</c>), or null.</summary>
    internal static string? AtomicWriteTarget(string path)
    {
        var m = AtomicTemp().Match(path);
        return m.Success ? m.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(.+)\.tmp\.[0-9]+\.[0-9a-f]+$")]
    private static partial System.Text.RegularExpressions.Regex AtomicTemp();

    /// <summary>The session with a checked write to <paramref name="key"/> announced or done in the window, or null.</summary>
    private static string? WriterOf(ILedgerReader r, string key, DateTimeOffset start) =>
        r.GetRecord(ChangeKind, key) is { } json && JsonNode.Parse(json) is { } rec && rec["verdict"]?.GetValue<string>() == "write"
            && Time(rec["at"]?.GetValue<string>() ?? "") >= start - Announce
            ? rec["session"]?.GetValue<string>()
            : null;

    /// <summary>Whoever of <paramref name="candidates"/> made it, it is inside that one's scope: nobody needs to be named.</summary>
    private static bool Harmless(Kernel kernel, ILedgerReader r, string path, IReadOnlyList<OpenCall> candidates) =>
        candidates.Count > 0 && candidates.All(c => c.Task is not null && kernel.FindTask(r, c.Task) is { } t && ViolationGate.Covers(kernel.Writes.Protected, t, path));

    private static string Tree(Kernel kernel) => Claims.WorktreeBinding.NameOf(kernel.Project);

    /// <summary>Change records are per work tree: the same path in two worktrees is two files.</summary>
    private static string Key(string tree, string path) => tree + ":" + path;

    private static void Take(ILedgerWriter w, string key, string session, TaskState? task, string digest, string verdict, string at) =>
        w.PutRecord(ChangeKind, key, task?.Id, new JsonObject { ["session"] = session, ["verdict"] = verdict, ["digest"] = digest, ["at"] = at }.ToJsonString());

    private static OpenCall? Parse(string session, string json)
    {
        if (JsonNode.Parse(json) is not JsonObject o || o["start"]?.GetValue<string>() is not { } start)
        {
            return null;
        }

        var targets = o["targets"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : null;
        return new OpenCall(session, o["task"]?.GetValue<string>(), start, o["end"]?.GetValue<string>(), targets);
    }

    private static DateTimeOffset Time(string stamp) =>
        DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : DateTimeOffset.MinValue;
}
