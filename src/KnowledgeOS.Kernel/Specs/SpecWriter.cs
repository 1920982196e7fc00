using System.Text;

namespace KnowledgeOS.Specs;

/// <summary>Renders a new spec file in the format <see cref="SpecParser"/> reads.</summary>
public static class SpecWriter
{
    public static string Render(string id, string title, string intent, IReadOnlyList<string> requirements, IReadOnlyList<string> evals, IReadOnlyList<string> nonGoals)
    {
        var sb = new StringBuilder();
        sb.Append("---\n")
          .Append("id: ").Append(id).Append('\n')
          .Append("title: ").Append(title.ReplaceLineEndings(" ")).Append('\n')
          .Append("status: active\n")
          .Append("---\n\n")
          .Append("# ").Append(title.ReplaceLineEndings(" ")).Append("\n\n")
          .Append("## Intent\n\n").Append(intent.Trim()).Append("\n\n")
          .Append("## Requirements\n\n");
        for (var i = 0; i < requirements.Count; i++)
        {
            sb.Append("- R").Append(i + 1).Append(": ").Append(requirements[i].ReplaceLineEndings(" ").Trim()).Append('\n');
        }

        sb.Append("\n## Acceptance\n\n");
        foreach (var e in evals)
        {
            sb.Append("- `").Append(e).Append("`\n");
        }

        sb.Append("\n## Non-goals\n\n");
        foreach (var n in nonGoals)
        {
            sb.Append("- ").Append(n).Append('\n');
        }

        return sb.ToString();
    }
}
