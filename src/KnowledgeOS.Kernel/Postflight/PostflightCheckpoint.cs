using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Anchors;
using KnowledgeOS.Project;

namespace KnowledgeOS.Postflight;

/// <summary>
/// What a clean postflight established: the chain was intact up to its own <c>postflight.ok</c>
/// event (<see cref="Seq"/>, <see cref="Hash"/>) with the working tree at <see cref="Tree"/> and the
/// task records hashing to <see cref="Records"/>. Kept as a projection record and, outside the
/// ledger, in <c>.git/kos/checkpoint</c> (the anchor <c>trace verify --since-checkpoint</c> requires).
/// </summary>
/// <remarks><see cref="Fold"/>: the digest of the task replay kept beside it (<see cref="ProjectionFold"/>), anchored with it.</remarks>
public sealed record PostflightCheckpoint(long Seq, string Hash, string Tree, string? GitHead, string Records, string? Fold = null)
{
    public const string RecordKind = "postflight";
    public const string Key = "checkpoint";

    public static PostflightCheckpoint? Read(ILedgerReader r) =>
        r.GetRecord(RecordKind, Key) is { } json ? JsonSerializer.Deserialize(json, CheckpointJson.Default.PostflightCheckpoint) : null;

    public void Put(ILedgerWriter w) =>
        w.PutRecord(RecordKind, Key, null, JsonSerializer.Serialize(this, CheckpointJson.Default.PostflightCheckpoint));

    public static string AnchorPath(KosProject project) => Path.Combine(LedgerIdentity.Folder(project), "checkpoint");

    /// <summary>Writes the checkpoint's seq and hash outside the ledger (beside git's data, shared by every worktree).</summary>
    public void Anchor(KosProject project)
    {
        var path = AnchorPath(project);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, Fold is null ? $"{Seq} {Hash}\n" : $"{Seq} {Hash} {Fold}\n");
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// The checkpoint the ledger holds, if it is anchored: the file outside the ledger names the same
    /// seq and hash and the event there still has that hash. Otherwise null, with why.
    /// </summary>
    public static (PostflightCheckpoint? Checkpoint, string? Why) Anchored(KosProject project, ILedgerReader r)
    {
        if (Read(r) is not { } cp)
        {
            return (null, "the ledger has no checkpoint yet (a clean 'kos postflight' records one)");
        }

        var path = AnchorPath(project);
        var parts = AnchorParts(project);
        if (parts.Length < 2 || !long.TryParse(parts[0], out var seq))
        {
            return (null, $"the checkpoint at event {cp.Seq} is not anchored outside the ledger ({path} is missing or unreadable)");
        }

        if (seq != cp.Seq || parts[1] != cp.Hash)
        {
            return (null, $"the ledger's checkpoint (event {cp.Seq}) disagrees with the anchor outside it ({path}: event {seq})");
        }

        if (r.GetEvent(cp.Seq)?.Hash != cp.Hash)
        {
            return (null, $"event {cp.Seq} no longer has the checkpoint's hash {cp.Hash[..12]}: the ledger was rewritten");
        }

        return (cp, null);
    }

    /// <summary>The digest of the task replay the anchor outside the ledger names (after its seq and hash), if any.</summary>
    public static string? AnchoredFold(KosProject project) => AnchorParts(project) is [_, _, var fold, ..] ? fold : null;

    private static string[] AnchorParts(KosProject project)
    {
        var path = AnchorPath(project);
        return File.Exists(path) ? File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
    }

    /// <summary>One digest over every task record file (name and content), to tell whether any changed.</summary>
    public static string RecordsDigest(KosProject project)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        if (Directory.Exists(project.TasksDir))
        {
            foreach (var file in Directory.EnumerateFiles(project.TasksDir, "T-*.md").Order(StringComparer.Ordinal))
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
                sha.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PostflightCheckpoint))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
