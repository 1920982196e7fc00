using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Evidence;

public sealed class QuickstartEvidenceTests
{
    [Fact]
    public void quickstart_completes_its_task_on_evidence_kos_ran_itself()
    {
        using var dir = new TempRepo(init: false);
        var demo = Path.Combine(dir.Root, "demo");
        var r = new InProcess(dir.Root).Ok("quickstart", "--dir", demo);
        Assert.Contains("PASS  grep -q hello greeting.txt", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"CHECKPOINT_OK T-[0-9a-z]+ done [0-9a-f]{12}", r.Out);
        Assert.Matches(@"TRACE_OK \d+ events head [0-9a-f]{64}", r.Out);
        Assert.Matches(@"\[SYNC_OK\] head [0-9a-f]{12}", r.Out);
        Assert.Contains("VALID: postflight was clean", r.Out, StringComparison.Ordinal);
        var record = Directory.GetFiles(Path.Combine(demo, ".agent-os", "tasks"), "T-*.md").Single();
        Assert.Contains("| pass | `grep -q hello greeting.txt` |", File.ReadAllText(record), StringComparison.Ordinal);
    }

    [Fact]
    public void quickstart_with_json_summarises_the_folder_and_every_marker()
    {
        using var dir = new TempRepo(init: false);
        var demo = Path.Combine(dir.Root, "demo");
        var json = System.Text.Json.Nodes.JsonNode.Parse(new InProcess(dir.Root).Ok("quickstart", "--dir", demo, "--json").Out)!;
        Assert.Equal(demo, json["root"]!.GetValue<string>());
        var markers = json["markers"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(8, markers.Count(m => m.StartsWith("CHECKPOINT_OK ", StringComparison.Ordinal)));
        Assert.Contains(markers, m => m.StartsWith("[SYNC_OK] head ", StringComparison.Ordinal));
    }
}
