using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Specs;

public sealed class AlignSpecTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly string _spec;
    private readonly string _task;

    public AlignSpecTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _spec = _kos.Ok("create-spec", "Checkout", "--intent", "Pay by card", "--req", "Card form", "--req", "Receipt email").FirstLine;
        _task = _kos.Ok("create-task", "Form", "--spec", _spec, "--req", "R1,R2").FirstLine;
    }

    public void Dispose() => _repo.Dispose();

    private string SpecFile => Directory.GetFiles(_repo.PathOf(".agent-os/specs"))[0];

    private void EditSpec(string from, string to) =>
        File.WriteAllText(SpecFile, File.ReadAllText(SpecFile).Replace(from, to, StringComparison.Ordinal));

    [Fact]
    public void an_unchanged_spec_is_aligned()
    {
        Assert.Contains("is aligned", _kos.Ok("align-spec", _task).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_changed_requirement_is_reported_with_its_text_and_blocks_every_gate_until_accepted()
    {
        EditSpec("- R2: Receipt email", "- R2: Receipt email and SMS\n- R3: Refunds");
        var report = _kos.Run("align-spec", _task);
        Assert.Equal(1, report.Code);
        Assert.Contains("~ R2: Receipt email", report.Out, StringComparison.Ordinal);
        Assert.Contains("→ Receipt email and SMS", report.Out, StringComparison.Ordinal);
        Assert.Contains("+ R3: Refunds", report.Out, StringComparison.Ordinal);

        var route = _kos.Run("route-task", _task, "--scope", "src/**");
        Assert.Equal(1, route.Code);
        Assert.Contains("[alignment]", route.Err, StringComparison.Ordinal);

        _kos.Ok("align-spec", _task, "--accept");
        _kos.Ok("route-task", _task, "--scope", "src/**");
    }

    [Fact]
    public void a_task_bound_to_a_removed_requirement_must_be_rescoped()
    {
        EditSpec("- R2: Receipt email\n", "");
        var accept = _kos.Run("align-spec", _task, "--accept");
        Assert.Equal(1, accept.Code);
        Assert.Contains("R2 was removed from", accept.Err, StringComparison.Ordinal);

        _kos.Ok("align-spec", _task, "--accept", "--req", "R1");
        var show = _kos.Ok("show", _task, "--json").Out;
        Assert.Contains("\"R1\"", show, StringComparison.Ordinal);
        Assert.DoesNotContain("\"R2\"", show, StringComparison.Ordinal);
    }

    [Fact]
    public void a_malformed_spec_is_reported_with_its_line_number()
    {
        EditSpec("- R1: Card form", "- Card form");
        var r = _kos.Run("create-task", "Other", "--spec", _spec, "--req", "R2");
        Assert.Equal(2, r.Code);
        Assert.Matches(@"\.md:\d+: requirement has no ID", r.Err);
    }
}

public sealed class SpecListTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public SpecListTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void a_spec_edited_by_hand_is_recorded_as_a_new_version_once()
    {
        var spec = _kos.Ok("create-spec", "S", "--intent", "i", "--req", "a").FirstLine;
        Assert.DoesNotContain("new version", _kos.Ok("specs").Out, StringComparison.Ordinal);
        var file = Directory.GetFiles(_repo.PathOf(".agent-os/specs"))[0];
        File.AppendAllText(file, "- extra non-goal\n");
        Assert.Contains($"{spec}", _kos.Ok("specs").Out.Split('\n').Single(l => l.Contains("new version recorded", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("spec.recorded", _kos.Ok("trace", "--last", "1").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("new version", _kos.Ok("specs").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_malformed_spec_among_good_ones_is_reported_and_the_others_still_listed()
    {
        _kos.Ok("create-spec", "Good", "--intent", "i", "--req", "a");
        _repo.Write(".agent-os/specs/S-bad000-broken.md", "---\nid: S-bad000\ntitle: Broken\n---\n\n## Intent\n\nx\n\n## Requirements\n\n- R1: a\n- R1: b\n");
        var r = _kos.Run("specs");
        Assert.Equal(2, r.Code);
        Assert.Contains("Good", r.Out, StringComparison.Ordinal);
        Assert.Contains("S-bad000-broken.md:13: duplicate requirement ID R1", r.Err, StringComparison.Ordinal);
    }
}
