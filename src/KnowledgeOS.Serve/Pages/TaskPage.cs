using KnowledgeOS.Evidence;
using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Pages;

/// <summary>One task: intent and requirements, plan, evidence (failing output), denials, timeline, context pack, diff.</summary>
internal static class TaskPage
{
    public static Html Body(TaskDetail d)
    {
        var t = d.Task;
        var h = new Html(32 * 1024);
        h.Raw("<p class=\"crumbs\"><a href=\"/\">Board</a> › ").T(t.Id).Raw("</p>")
            .Raw("<div id=\"task-live\" hx-get=\"/tasks/").T(t.Id).Raw("\" hx-select=\"#task-live\" hx-swap=\"outerHTML\"")
            .Attr("hx-trigger", $"kosledger-{t.Id} from:body throttle:500ms").Raw(">")
            .Raw("<h1>").T(t.Title).Raw(" <code>").T(t.Id).Raw("</code></h1>")
            .Raw("<p class=\"phase\">Phase <strong class=\"badge\">").T(t.Phase.Name()).Raw("</strong>");
        if (t.BlockedFrom is { } b)
        {
            h.Raw(" (from ").T(b.Name()).Raw(")");
        }

        h.Raw("</p><ul class=\"summary\">");
        CardSummary(h, d.Card);
        h.Raw("</ul>");
        Intent(h, d);
        Plan(h, t);
        Evidence(h, d);
        Offences(h, "Denials", "denials", d.Denials, "No write or capability was denied.");
        Offences(h, "Violations", "violations", d.Violations, "No change outside the scope was found.");
        Timeline(h, d);
        h.Raw("</div>");
        Pack(h, d);
        Diff(h, d);
        return h;
    }

    private static void CardSummary(Html h, Card c)
    {
        h.Raw("<li>Agent: ").T(c.Agent ?? "none").Raw("</li><li>Claim: ");
        if (c.ClaimHolder is null)
        {
            h.T("none");
        }
        else
        {
            h.T(c.ClaimHolder).Raw(", ").T(c.LeaseLive ? Layout.Duration(c.LeaseLeft!.Value) + " left on the lease" : "lease expired");
        }

        h.Raw("</li><li>Scope: ");
        foreach (var s in c.Scope)
        {
            h.Raw("<code>").T(s).Raw("</code> ");
        }

        h.Raw(c.Scope.Count == 0 ? "none" : "").Raw("</li><li>Evidence: <span").Attr("class", "badge ev-" + c.Evidence.Name()).Raw(">")
            .T(c.Evidence.Name()).Raw("</span></li><li>Violations: ").T(c.Violations).Raw("</li>");
    }

    private static void Intent(Html h, TaskDetail d)
    {
        h.Raw("<section aria-labelledby=\"intent-h\"><h2 id=\"intent-h\">Intent and requirements</h2><blockquote>").T(d.Task.Intent).Raw("</blockquote>");
        if (d.Task.SpecId is not null)
        {
            h.Raw("<p>Spec <code>").T(d.Task.SpecId).Raw("</code>").T(d.SpecTitle is null ? "" : " — " + d.SpecTitle).Raw("</p>");
        }

        if (d.SpecProblem is not null)
        {
            h.Raw("<p class=\"problem\">").T(d.SpecProblem).Raw("</p>");
        }

        if (d.Requirements.Count > 0)
        {
            h.Raw("<dl class=\"reqs\">");
            foreach (var r in d.Requirements)
            {
                h.Raw("<dt>").T(r.Id).Raw("</dt><dd>").T(r.Text ?? "(no longer in the spec)").Raw("</dd>");
            }

            h.Raw("</dl>");
        }

        h.Raw("</section>");
    }

    private static void Plan(Html h, TaskState t)
    {
        h.Raw("<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">Plan</h2>");
        if (t.Plan.Count == 0)
        {
            h.Raw("<p class=\"empty\">No plan yet.</p>");
        }
        else
        {
            h.Raw("<ol>");
            foreach (var s in t.Plan)
            {
                h.Raw("<li>").T(s.Requirements.Count > 0 ? string.Join(",", s.Requirements) + ": " : "").T(s.Text).Raw("</li>");
            }

            h.Raw("</ol>");
            if (t.Reviewer is not null)
            {
                h.Raw("<p>Approved by ").T(t.Reviewer).T(t.ReviewNote is null ? "" : ": " + t.ReviewNote).Raw("</p>");
            }
        }

        h.Raw("</section>");
    }

    private static void Evidence(Html h, TaskDetail d)
    {
        h.Raw("<section id=\"evidence\" aria-labelledby=\"evidence-h\"><h2 id=\"evidence-h\">Evidence</h2>");
        if (d.Evidence is { } run)
        {
            h.Raw("<p>Run <code>").T(run.RunId).Raw("</code> at <time>").T(run.Time).Raw("</time>").T(run.Finished ? "" : " (did not finish)").Raw("</p><ul class=\"evals\">");
            foreach (var r in run.Results)
            {
                h.Raw("<li").Attr("class", r.Passed ? "eval pass" : "eval fail").Raw("><p><span").Attr("class", r.Passed ? "badge ev-fresh" : "badge ev-failing").Raw(">")
                    .T(r.Passed ? "passed" : "failed").Raw("</span> <code>").T(r.Command).Raw("</code> <span class=\"muted\">(").T(r.Source)
                    .T(r.ExitCode is { } x ? $", exit {x}" : "").T($", {r.DurationMs} ms").Raw(")</span></p>");
                if (!r.Passed)
                {
                    h.Raw("<p>").T(r.Reason).Raw("</p>");
                    Tail(h, "stdout", r.StdoutTail);
                    Tail(h, "stderr", r.StderrTail);
                }

                h.Raw("</li>");
            }

            h.Raw("</ul>");
        }

        if (d.EvidenceProblems.Count > 0)
        {
            h.Raw("<h3>What keeps this task from done</h3><ul class=\"problems\">");
            foreach (var p in d.EvidenceProblems)
            {
                h.Raw("<li>").T(p).Raw("</li>");
            }

            h.Raw("</ul>");
        }
        else
        {
            h.Raw("<p>The evidence backs done: every eval passed on the current working tree.</p>");
        }

        h.Raw("</section>");
    }

    private static void Tail(Html h, string stream, string tail)
    {
        if (tail.Length == 0)
        {
            return;
        }

        h.Raw("<figure class=\"output\"><figcaption>").T(stream).Raw(" (last lines)</figcaption><pre tabindex=\"0\">").T(tail).Raw("</pre></figure>");
    }

    private static void Offences(Html h, string title, string id, IReadOnlyList<Offence> items, string none)
    {
        h.Raw("<section").Attr("aria-labelledby", id + "-h").Raw("><h2").Attr("id", id + "-h").Raw(">").T(title).Raw("</h2>");
        if (items.Count == 0)
        {
            h.Raw("<p class=\"empty\">").T(none).Raw("</p></section>");
            return;
        }

        h.Raw("<table><caption class=\"sr-only\">").T(title).Raw("</caption><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Time</th><th scope=\"col\">Kind</th><th scope=\"col\">Path or capability</th><th scope=\"col\">Reason</th><th scope=\"col\">By</th></tr></thead><tbody>");
        foreach (var o in items)
        {
            h.Raw("<tr><td>").T(o.Seq).Raw("</td><td>").T(o.Time).Raw("</td><td>").T(o.Kind).Raw("</td><td><code>").T(o.Path)
                .Raw("</code></td><td>").T(o.Reason).Raw("</td><td>").T(o.Actor).Raw("</td></tr>");
        }

        h.Raw("</tbody></table></section>");
    }

    private static void Timeline(Html h, TaskDetail d)
    {
        h.Raw("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Timeline</h2>");
        Archived(h, d);
        h.Raw("<ol class=\"timeline\">");
        foreach (var e in d.Timeline)
        {
            h.Raw("<li").Attr("data-type", e.Type).Raw("><time").Attr("datetime", e.Time).Raw(">").T(e.Time.Replace('T', ' ').TrimEnd('Z'))
                .Raw("</time> <span class=\"actor\">").T(e.Actor).T(e.Session is null ? "" : " @" + e.Session).Raw("</span> ")
                .T(Sentences.Of(e)).Raw(" <span class=\"muted\">#").T(e.Seq).Raw("</span></li>");
        }

        h.Raw("</ol></section>");
    }

    /// <summary>Archived history is read only when asked: each archive is verified as it is read.</summary>
    private static void Archived(Html h, TaskDetail d)
    {
        var a = d.Archived;
        if (a.Archives == 0)
        {
            return;
        }

        var range = $"events {a.FirstSeq}..{a.LastSeq} in {a.Archives} archive file{(a.Archives == 1 ? "" : "s")}";
        if (a.Problem is not null)
        {
            h.Raw("<p class=\"problem\">").T(a.Problem).Raw("</p>");
        }
        else if (a.Shown)
        {
            h.Raw("<p class=\"muted archived\">With the archived history (").T(range).Raw(", each verified). <a href=\"/tasks/")
                .T(d.Task.Id).Raw("\">Live events only</a></p>");
        }
        else
        {
            h.Raw("<p class=\"muted archived\">Older history is archived (").T(range).Raw("). <a href=\"/tasks/")
                .T(d.Task.Id).Raw("?history=all\">Include the archived history</a></p>");
        }
    }

    private static void Pack(Html h, TaskDetail d)
    {
        h.Raw("<section aria-labelledby=\"pack-h\"><h2 id=\"pack-h\">Context pack</h2>");
        if (d.Pack is { } p)
        {
            h.Raw("<details><summary>Preview (").T(p.Tokens).Raw(" of ").T(p.Budget).Raw(" tokens")
                .T(p.Dropped.Count > 0 ? $"; dropped {string.Join(", ", p.Dropped)}" : "").Raw(")</summary><pre tabindex=\"0\">").T(p.Text).Raw("</pre></details>")
                .Raw("<p class=\"muted\">Not recorded: <code>kos context-pack ").T(d.Task.Id).Raw("</code> records the pack an agent is given.</p>");
        }
        else
        {
            h.Raw("<p class=\"problem\">").T(d.PackProblem).Raw("</p>");
        }

        h.Raw("</section>");
    }

    private static void Diff(Html h, TaskDetail d)
    {
        h.Raw("<section aria-labelledby=\"diff-h\"><h2 id=\"diff-h\">Changes in scope since the task was created</h2>");
        var diff = d.Diff;
        if (d.Task.Scope.Count == 0)
        {
            h.Raw("<p class=\"empty\">The task has no scope yet.</p></section>");
            return;
        }

        h.Raw("<p class=\"muted\">Against ").T(diff.Base is null ? "an empty tree (no commit before the task)" : "commit " + diff.Base[..12]).Raw(".</p>");
        if (diff.NewFiles.Count > 0)
        {
            h.Raw("<p>New files: ");
            foreach (var f in diff.NewFiles)
            {
                h.Raw("<code>").T(f).Raw("</code> ");
            }

            h.Raw("</p>");
        }

        if (diff.Patch.Length == 0)
        {
            h.Raw(diff.NewFiles.Count == 0 ? "<p class=\"empty\">No changes.</p>" : "").Raw("</section>");
            return;
        }

        h.Raw("<details open><summary>Diff</summary><pre class=\"diff\" tabindex=\"0\">");
        foreach (var line in diff.Patch.Split('\n'))
        {
            var cls = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "hd"
                : line.StartsWith('+') ? "add" : line.StartsWith('-') ? "del" : line.StartsWith("@@", StringComparison.Ordinal) ? "hunk" : null;
            if (cls is null)
            {
                h.T(line).Raw("\n");
            }
            else
            {
                h.Raw("<span").Attr("class", cls).Raw(">").T(line).Raw("</span>\n");
            }
        }

        h.Raw("</pre>").Raw(diff.Truncated ? "<p>(diff truncated)</p>" : "").Raw("</details></section>");
    }
}
