using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KnowledgeOS.Specs;

/// <summary>Renders a new spec file in the format <see cref="SpecParser"/> reads.</summary>
public static class SpecWriter
{
    public static string Render(string id, string title, string intent, IReadOnlyList<string> requirements, IReadOnlyList<string> evals, IReadOnlyList<string> nonGoals)
    {
        var oneLine = title.ReplaceLineEndings(" ").Trim();
        var sb = new StringBuilder();
        sb.Append("---\n")
          .Append(FrontMatterYaml(("id", id, ScalarStyle.Plain), ("title", oneLine, ScalarStyle.DoubleQuoted), ("status", "active", ScalarStyle.Plain)))
          .Append("---\n\n")
          .Append("# ").Append(oneLine).Append("\n\n")
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

    /// <summary>The front matter's key/value lines, written by YamlDotNet's emitter, so any title is valid YAML.</summary>
    private static string FrontMatterYaml(params (string Key, string Value, ScalarStyle Style)[] pairs)
    {
        var w = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(w, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
        foreach (var (key, value, style) in pairs)
        {
            emitter.Emit(new Scalar(null, null, key, ScalarStyle.Plain, true, false));
            emitter.Emit(new Scalar(null, null, value, style, true, true));
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var text = w.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text : text + "\n";
    }
}
