using KnowledgeOS.Specs;

namespace KnowledgeOS.Tests.Specs;

public sealed class SpecParserTests
{
    private const string Valid = """
        ---
        id: S-abc123
        title: Checkout
        status: active
        ---

        # Checkout

        ## Intent

        Customers pay by card.

        ## Requirements

        - R1: Card form
        - **R2**: Receipt email
          sent within a minute

        ## Acceptance

        - `npm test`

        ## Non-goals

        - PayPal
        """;

    [Fact]
    public void a_valid_spec_parses_with_its_requirements_acceptance_and_non_goals()
    {
        var (spec, problems) = SpecParser.Parse(Valid, "s.md");
        Assert.Empty(problems);
        Assert.Equal("S-abc123", spec!.Id);
        Assert.Equal(["R1", "R2"], spec.Requirements.Select(r => r.Id));
        Assert.Equal("Receipt email sent within a minute", spec.Requirements[1].Text);
        Assert.Equal(["npm test"], spec.Acceptance);
        Assert.Equal(["PayPal"], spec.NonGoals);
    }

    [Fact]
    public void a_duplicate_requirement_id_is_reported_with_its_line()
    {
        var (spec, problems) = SpecParser.Parse(Valid.Replace("**R2**", "R1", StringComparison.Ordinal), "s.md");
        Assert.Null(spec);
        var p = Assert.Single(problems);
        Assert.Equal(16, p.Line);
        Assert.Contains("duplicate requirement ID R1", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_requirement_without_an_id_is_reported_with_its_line_and_a_fix()
    {
        var (_, problems) = SpecParser.Parse(Valid.Replace("- R1: Card form", "- Card form", StringComparison.Ordinal), "s.md");
        var p = Assert.Single(problems);
        Assert.Equal(15, p.Line);
        Assert.Contains("has no ID", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_empty_intent_is_an_error()
    {
        var (_, problems) = SpecParser.Parse(Valid.Replace("Customers pay by card.", "", StringComparison.Ordinal), "s.md");
        Assert.Contains(problems, p => p.Message.Contains("Intent section is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void missing_front_matter_is_an_error()
    {
        var (_, problems) = SpecParser.Parse("# Title\n\n## Intent\n\nx\n\n## Requirements\n\n- R1: y\n", "s.md");
        Assert.Contains(problems, p => p.Line == 1 && p.Message.Contains("front matter", StringComparison.Ordinal));
    }

    [Fact]
    public void the_hash_ignores_line_ending_style()
    {
        var (a, _) = SpecParser.Parse(Valid, "s.md");
        var (b, _) = SpecParser.Parse(Valid.Replace("\n", "\r\n", StringComparison.Ordinal), "s.md");
        Assert.Equal(a!.Hash, b!.Hash);
    }
}
