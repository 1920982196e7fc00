using System.Globalization;
using System.Text;

namespace KnowledgeOS.Serve.Pages;

/// <summary>
/// Builds HTML text. <see cref="T"/> escapes everything that comes from the ledger, the repository
/// or the request (an agent may put markup in a title); <see cref="Raw"/> is for the page's own markup.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _sb;

    public Html(int capacity = 4096) => _sb = new StringBuilder(capacity);

    public Html Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    public Html T(string? text)
    {
        Escape(_sb, text);
        return this;
    }

    public Html T(long number)
    {
        _sb.Append(number.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>An attribute value, quoted and escaped: <c> name="value"</c>.</summary>
    public Html Attr(string name, string? value)
    {
        _sb.Append(' ').Append(name).Append("=\"");
        Escape(_sb, value);
        _sb.Append('"');
        return this;
    }

    public int Length => _sb.Length;

    public override string ToString() => _sb.ToString();

    public static string Escape(string? text)
    {
        var sb = new StringBuilder(text?.Length ?? 0);
        Escape(sb, text);
        return sb.ToString();
    }

    private static void Escape(StringBuilder sb, string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    // Control characters other than tab and newline never reach the page (terminal escapes in eval output).
                    if (c < ' ' && c != '\n' && c != '\t')
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }
}
