using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install.Jsonc;

/// <summary>
/// Reading, checking and writing an agent's JSON(C) hooks file: the text as it is (a byte-order mark kept), the
/// structure kos means to reach (computed on JsonNode), and the edited text, which is written only if it parses back
/// to exactly that structure.
/// </summary>
internal static class HooksFileText
{
    public sealed record Loaded(string? Text, bool Bom, JsonObject Root)
    {
        public bool Blank => string.IsNullOrWhiteSpace(Text);
    }

    public static Loaded Load(string file)
    {
        if (!File.Exists(file))
        {
            return new Loaded(null, false, []);
        }

        var bytes = File.ReadAllBytes(file);
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        var text = new UTF8Encoding(false, true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        return new Loaded(text, bom, string.IsNullOrWhiteSpace(text) ? [] : Parse(file, text));
    }

    /// <summary>
    /// Reads a file for the governance record with <paramref name="load"/>. False when there is nothing to read: no file
    /// (no entries), or one that cannot be parsed (one "unreadable" entry, so a broken file is drift too); <paramref
    /// name="instead"/> is then what to record.
    /// </summary>
    public static bool TryReadForSeal(string file, Func<string, JsonObject> load, out JsonObject root, out IReadOnlyList<(string Key, string Content, bool Json)> instead)
    {
        root = [];
        instead = [];
        if (!File.Exists(file))
        {
            return false;
        }

        try
        {
            root = load(file);
            return true;
        }
        catch (KosException e)
        {
            instead = [("file", "unreadable: " + e.Message, false)];
            return false;
        }
    }

    /// <summary>The file's structure (comments and trailing commas allowed), or a refusal saying what is wrong.</summary>
    public static JsonObject Parse(string file, string text)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: JsoncDocument.Lenient) as JsonObject
                       ?? throw KosException.Input($"{file} is JSON but not an object; kos did not change it. Fix it by hand.");
            _ = node.Count; // materialise: a duplicate member fails here
            JsoncDocument.Parse(text);
            return node;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw KosException.Input($"{file} is not valid JSON or JSONC ({e.Message.Split(". ")[0]}); kos did not change it. Fix the file, then run this again.");
        }
    }

    /// <summary>Refuses unless <paramref name="after"/> reads back as <paramref name="intended"/>.</summary>
    public static void Verify(string file, string after, JsonObject intended)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(after, documentOptions: JsoncDocument.Lenient);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (!JsonNode.DeepEquals(parsed, intended))
        {
            throw KosException.Input($"{file}: kos could not edit this file without changing more than its own entries, so it changed nothing. Add kos's hooks by hand ('kos hooks install --dry-run' shows them on a copy), or simplify the file's layout and run this again.");
        }
    }

    /// <summary>Writes <paramref name="after"/> (null: deletes the file) unless it is unchanged or a dry run.</summary>
    public static InstallResult Save(string agent, string file, Loaded before, string? after, List<string> entries, bool dryRun, TimeProvider clock, string? note = null)
    {
        if (before.Text == after)
        {
            return new InstallResult(agent, file, false, null, entries, "already up to date");
        }

        if (dryRun)
        {
            return new InstallResult(agent, file, false, null, entries, "dry run: nothing written", UnifiedDiff.Of(file, before.Text, after));
        }

        var backup = HookTargets.Backup(file, clock);
        if (after is null)
        {
            File.Delete(file);
            return new InstallResult(agent, file, true, backup, entries, note);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".kos-tmp";
        File.WriteAllText(temp, after, new UTF8Encoding(before.Bom));
        File.Move(temp, file, overwrite: true);
        return new InstallResult(agent, file, true, backup, entries, note);
    }

    /// <summary>True when nothing but <c>{}</c> and whitespace is left: the file kos created, emptied again.</summary>
    public static bool OnlyEmptyObject(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))) == "{}";
}
