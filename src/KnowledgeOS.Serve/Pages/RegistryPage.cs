using KnowledgeOS.Registry;
using KnowledgeOS.Serve.Live;

namespace KnowledgeOS.Serve.Pages;

/// <summary>The capability registry: each entry's kind, source, policy and last use.</summary>
internal static class RegistryPage
{
    public static Html Body(IReadOnlyList<RegistryEntry> entries, UsageIndex usage)
    {
        var h = new Html(16 * 1024);
        h.Raw("<h1>Registry</h1><p>Capabilities agents can reach, with the policy the hooks apply. Change a policy with ")
            .Raw("<code>kos registry set-policy KIND/NAME allow|ask|deny</code>; re-import with <code>kos registry sync</code>.</p>");
        if (!usage.Ready)
        {
            h.Raw("<p class=\"muted\" role=\"status\">Reading the ledger for last uses; reload in a moment.</p>");
        }

        if (entries.Count == 0)
        {
            return h.Raw("<p class=\"empty\">The registry is empty: run <code>kos registry sync</code>.</p>");
        }

        h.Raw("<table class=\"registry\"><caption class=\"sr-only\">Registry entries</caption><thead><tr>")
            .Raw("<th scope=\"col\">Capability</th><th scope=\"col\">Kind</th><th scope=\"col\">Policy</th><th scope=\"col\">Declared in</th>")
            .Raw("<th scope=\"col\">Tools</th><th scope=\"col\">Last use</th></tr></thead><tbody>");
        foreach (var e in entries.OrderBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            h.Raw("<tr").Attr("id", "reg-" + e.Kind + "-" + e.Name).Raw("><th scope=\"row\"><code>").T(e.Key).Raw("</code>")
                .Raw(e.Missing ? " <span class=\"badge bad\">missing</span>" : "").Raw("</th><td>").T(e.Kind).Raw("</td><td><span")
                .Attr("class", "badge policy-" + e.Policy).Raw(">").T(e.Policy).Raw("</span></td><td>").T(e.Where).Raw("</td><td>")
                .T(e.Probe is { Ok: true } p ? $"{p.Tools.Count} ({p.SchemaTokens} tokens)" : e.Tools.Count > 0 ? string.Join(", ", e.Tools) : "—")
                .Raw("</td><td>");
            if (usage.Of(e.Key) is { } use)
            {
                h.Raw("<time").Attr("datetime", use.Time).Raw(">").T(use.Time).Raw("</time> ").T(use.Verdict).Raw(" by ").T(use.Actor);
            }
            else
            {
                h.T(usage.Ready ? "never" : "…");
            }

            h.Raw("</td></tr>");
        }

        return h.Raw("</tbody></table>");
    }
}
