using KnowledgeOS.Git;
using KnowledgeOS.Project;

namespace KnowledgeOS.Ledger.Anchors;

/// <summary>A ledger head written down outside the ledger: the ledger's identity, a seq and the hash of the event there.</summary>
public sealed record LedgerAnchor(string GenesisId, long Seq, string Hash)
{
    public override string ToString() => $"{GenesisId} {Seq} {Hash}";

    public static LedgerAnchor? Parse(string? text)
    {
        var parts = (text ?? "").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && long.TryParse(parts[1], out var seq) ? new LedgerAnchor(parts[0], seq, parts[2]) : null;
    }
}

/// <summary>
/// Anchors the ledger head outside the ledger, so that a truncated tail, a rollback to an older copy
/// or a swapped ledger is caught: at each postflight and completion the head goes to
/// <c>.git/kos/anchor</c> and to the git ref <c>refs/kos/ledger-head</c> (a blob of the same line);
/// committed task records carry their own anchor event. <see cref="Check"/> compares the ledger with
/// the identity and every anchor it can find. An agent that rewrites the ledger and both anchors
/// with an unfenced shell is beyond local detection: only the team store sees that.
/// </summary>
public static class LedgerAnchors
{
    public const string Ref = "refs/kos/ledger-head";

    public static string FilePath(KosProject project) => Path.Combine(LedgerIdentity.Folder(project), "anchor");

    /// <summary>Records the current head (never moves an anchor backwards: a shorter ledger is reported by <see cref="Check"/> instead).</summary>
    public static LedgerAnchor? Anchor(KosProject project, ILedgerReader store)
    {
        if (store.Head() is not { } head || LedgerIdentity.Of(store) is not { } identity)
        {
            return null;
        }

        if (LedgerIdentity.Read(project) is null)
        {
            identity.Write(project);
        }

        var anchor = new LedgerAnchor(identity.GenesisId, head.Seq, head.Hash);
        var known = Latest(project);
        if (known is not null && known.GenesisId == anchor.GenesisId && known.Seq >= anchor.Seq)
        {
            return known;
        }

        var file = FilePath(project);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, anchor + "\n");
        var blob = GitCli.Run(project.Root, "hash-object", "-w", file);
        if (blob.Ok)
        {
            GitCli.Run(project.Root, "update-ref", Ref, blob.Stdout.Trim());
        }

        return anchor;
    }

    /// <summary>The furthest anchor on record: the file or the git ref, whichever is further.</summary>
    public static LedgerAnchor? Latest(KosProject project)
    {
        var file = FilePath(project);
        var fromFile = File.Exists(file) ? LedgerAnchor.Parse(File.ReadAllText(file)) : null;
        var shown = GitCli.Run(project.Root, "cat-file", "-p", Ref);
        var fromRef = shown.Ok ? LedgerAnchor.Parse(shown.Stdout) : null;
        return new[] { fromFile, fromRef }.Where(a => a is not null).MaxBy(a => a!.Seq);
    }

    /// <summary>What contradicts the anchors: another ledger than this clone's, events missing after an anchor, an anchored event rewritten.</summary>
    public static IReadOnlyList<string> Check(KosProject project, ILedgerReader store)
    {
        var problems = new List<string>();
        var identity = LedgerIdentity.Read(project);
        var actual = LedgerIdentity.Of(store);
        if (identity is not null && actual != identity)
        {
            problems.Add($"this is not the clone's ledger: it starts with event {actual?.GenesisId ?? "(none)"}, but the clone's ledger started with {identity.GenesisId} " +
                         $"(recorded in {LedgerIdentity.PathOf(project)}); it was replaced or re-initialised");
        }

        if (Latest(project) is { } anchor && (identity is null || anchor.GenesisId == identity.GenesisId))
        {
            var head = store.Head();
            if (head is null || head.Seq < anchor.Seq)
            {
                problems.Add($"the ledger ends at event {head?.Seq ?? 0}, but event {anchor.Seq} ({anchor.Hash[..12]}) was anchored ({Ref}): " +
                             "its tail was truncated or it was rolled back to an older copy");
            }
            else if (store.GetEvent(anchor.Seq)?.Hash != anchor.Hash)
            {
                problems.Add($"event {anchor.Seq} no longer has the anchored hash {anchor.Hash[..12]} ({Ref}): the ledger was rewritten");
            }
        }

        return problems;
    }
}
