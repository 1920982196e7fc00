using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KnowledgeOS.Events;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Ledger;

/// <summary>The event catalogue is the one map of event types to payload records, and docs/events.md says the same.</summary>
public sealed class EventCatalogTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KnowledgeOS.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("KnowledgeOS.slnx not found above the test binaries"), relative);
    }

    /// <summary>docs/events.md as the catalogue describes it. KOS_WRITE_DOCS=1 rewrites the file.</summary>
    private static string Document()
    {
        var sb = new StringBuilder()
            .Append("# Ledger events\n\n")
            .Append("Every event type kos writes, the fields of its payload, and who writes it. Generated from the catalogue\n")
            .Append("(`src/KnowledgeOS.Kernel/Events/EventCatalog.cs`); `EventCatalogTests` fails when the two disagree\n")
            .Append("(`KOS_WRITE_DOCS=1 dotnet test tests/KnowledgeOS.Tests --filter EventCatalog` rewrites this file).\n\n")
            .Append("Every payload written through the catalogue carries `schemaVersion` (now ").Append(EventCatalog.SchemaVersion)
            .Append("); events recorded before it have none. Fields without a value are left out. The envelope (seq, id, time, type,\n")
            .Append("task, actor, session, prevHash, hash) is the same for every event.\n");
        foreach (var type in EventCatalog.All)
        {
            sb.Append("\n## `").Append(type.Name).Append("`\n\n")
                .Append(type.Meaning).Append(" Written by: ").Append(type.Writer).Append(". Payload: `").Append(type.PayloadInfo.Type.Name).Append("`.\n\n")
                .Append("| field | type |\n|---|---|\n");
            foreach (var p in type.PayloadInfo.Properties.Where(p => !p.IsExtensionData).OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                sb.Append("| `").Append(p.Name).Append("` | ").Append(TypeName(p)).Append(" |\n");
            }

            if (type.PayloadInfo.Type == typeof(RegistryChanged))
            {
                sb.Append("| (entry fields) | the registry entry as stored, inline |\n");
            }
        }

        return sb.ToString();
    }

    private static string TypeName(JsonPropertyInfo p)
    {
        var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
        var name = t == typeof(string) ? "string" : t == typeof(bool) ? "bool" : t == typeof(int) || t == typeof(long) ? "number"
            : t == typeof(JsonNode) || t == typeof(JsonObject) || t == typeof(Dictionary<string, JsonElement>) ? "any JSON"
            : t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? $"list of {Item(t.GetGenericArguments()[0])}"
            : $"object `{t.Name}`";
        return name;

        static string Item(Type i) => i == typeof(string) ? "string" : $"`{i.Name}`";
    }

    [Fact]
    public void docs_events_md_lists_every_catalogued_event_type_with_its_fields_and_writer()
    {
        var path = RepoFile("docs/events.md");
        var expected = Document();
        if (Environment.GetEnvironmentVariable("KOS_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/events.md is missing: run with KOS_WRITE_DOCS=1 to write it");
        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void every_event_type_name_is_catalogued_once()
    {
        var names = EventCatalog.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Same(EventCatalog.All.First(t => t.Name == n), EventCatalog.Find(n)));
        Assert.Null(EventCatalog.Find("not.a.type"));
    }

    [Fact]
    public void every_event_a_worked_task_records_is_catalogued_and_reads_back_as_its_payload_record()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var task = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1").FirstLine;
        kos.Ok("note", "chose the short wording", "--decision", "--task", task);
        kos.Run("check-route-write", "docs/x.md", "--task", task);
        kos.Ok("context-pack", task);
        kos.Run("complete-task", task);

        var events = JsonNode.Parse(kos.Ok("trace", "--json").Out)!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.True(events.Count >= 8, $"only {events.Count} events");
        foreach (var e in events)
        {
            var name = e["type"]!.GetValue<string>();
            var type = EventCatalog.Find(name);
            Assert.True(type is not null, $"{name} is not in the event catalogue");
            var payload = e["payload"]!.ToJsonString();
            var typed = JsonSerializer.Deserialize(payload, type!.PayloadInfo);
            Assert.NotNull(typed);
            Assert.Equal(EventCatalog.SchemaVersion, ((EventPayload)typed!).SchemaVersion);
        }
    }
}
