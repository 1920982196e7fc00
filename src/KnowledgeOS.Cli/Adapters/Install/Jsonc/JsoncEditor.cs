using System.Text;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install.Jsonc;

/// <summary>
/// A JSON(C) settings file edited as text and as the structure it stands for, in step: each change applies to both
/// (<see cref="JsoncEdit"/> on the text, so every byte kos does not mean to touch stays), and <see cref="Save"/> writes
/// only a text that reads back as exactly that structure. Paths are member names from the root object.
/// </summary>
internal sealed class JsoncEditor
{
    private readonly string file;
    private readonly HooksFileText.Loaded loaded;
    private readonly JsoncEdit.Layout layout;

    private JsoncEditor(string file, HooksFileText.Loaded loaded)
    {
        this.file = file;
        this.loaded = loaded;
        Text = loaded.Blank ? "{}\n" : loaded.Text!;
        Changed = false;
        layout = loaded.Blank ? new JsoncEdit.Layout("\n", "  ") : JsoncEdit.Layout.Of(Text);
        Root = (JsonObject)loaded.Root.DeepClone();
    }

    public string Text
    {
        get;
        private set
        {
            Changed |= value != field;
            field = value;
        }
    }

    /// <summary>Whether an edit changed the text.</summary>
    public bool Changed { get; private set; }

    public JsonObject Root { get; }

    /// <summary>Whether there was a file with something in it before.</summary>
    public bool Existed => !loaded.Blank;

    /// <summary>Reads the file (missing or blank: an empty object); refuses text that is not a JSON(C) object.</summary>
    public static JsoncEditor Open(string file) => new(file, HooksFileText.Load(file));

    public JsonNode? Node(params string[] path)
    {
        JsonNode? n = Root;
        foreach (var name in path)
        {
            n = (n as JsonObject)?[name];
        }

        return n;
    }

    /// <summary>Sets member <paramref name="name"/> of the object at <paramref name="path"/> (added at its end when absent; unchanged text when equal).</summary>
    public void Set(string[] path, string name, JsonNode value)
    {
        Text = JsoncEdit.Set(Text, Find(path), name, value.DeepClone(), layout);
        ((JsonObject)Node(path)!)[name] = value.DeepClone();
    }

    public void RemoveMember(string[] path, string name)
    {
        var obj = Find(path);
        var index = obj.Entries.FindIndex(e => e.Name == name);
        if (index < 0)
        {
            return;
        }

        Text = JsoncEdit.Remove(Text, obj, index);
        ((JsonObject)Node(path)!).Remove(name);
    }

    public void AppendItem(string[] path, JsonNode value)
    {
        Text = JsoncEdit.Append(Text, Find(path), null, value.DeepClone(), layout);
        ((JsonArray)Node(path)!).Add(value.DeepClone());
    }

    public void RemoveItem(string[] path, int index)
    {
        Text = JsoncEdit.Remove(Text, Find(path), index);
        ((JsonArray)Node(path)!).RemoveAt(index);
    }

    /// <summary>
    /// Writes the edited text (atomically, a byte-order mark kept) if it changed, after checking it reads back as
    /// <see cref="Root"/>; with <paramref name="deleteIfEmpty"/>, a file left as <c>{}</c> is removed. Returns whether the file changed.
    /// </summary>
    public bool Save(bool deleteIfEmpty = false)
    {
        if (deleteIfEmpty && Root.Count == 0 && HooksFileText.OnlyEmptyObject(Text))
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.Delete(file);
            return true;
        }

        if (!Changed)
        {
            return false;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(Text, documentOptions: JsoncDocument.Lenient);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = null;
        }

        if (!JsonNode.DeepEquals(parsed, Root))
        {
            throw KosException.Input($"{file}: kos could not edit this file without changing more than its own entries, so it changed nothing. Simplify the file's layout and run this again.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Environment.ProcessId + ".kos-tmp";
        File.WriteAllText(temp, Text, new UTF8Encoding(loaded.Bom));
        File.Move(temp, file, overwrite: true);
        return true;
    }

    private JsoncValue Find(string[] path)
    {
        var v = JsoncDocument.Parse(Text).Root;
        foreach (var name in path)
        {
            v = v.Member(name)?.Value ?? throw new InvalidOperationException($"no member {string.Join('.', path)} in {file}");
        }

        return v;
    }
}
