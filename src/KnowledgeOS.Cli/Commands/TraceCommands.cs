using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>trace</c>, <c>trace verify</c> and <c>verify-marker</c>: reading and checking the ledger.</summary>
internal static class TraceCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var task = new Argument<string?>("task") { Description = "Only this task's events.", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--last") { Description = "Only the last N events." };
        var archived = new Option<bool>("--all") { Description = "Include the archived history (kos ledger archive), read from the archive files and verified." };
        var trace = new Command("trace", "Print the ledger as a readable timeline (all events, or one task's).") { task, limit, archived };
        trace.SetAction(pr => Timeline(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(task), pr.GetValue(limit), pr.GetValue(archived)));

        var since = new Option<bool>("--since-checkpoint")
        {
            Description = "Verify only the events after the last clean postflight's checkpoint; refused unless that checkpoint is anchored outside the ledger.",
        };
        var all = new Option<bool>("--all")
        {
            Description = "Also read every archive file (kos ledger archive) through: each event re-hashed, each archive linked to the one before and to the live chain.",
        };
        var verify = new Command("verify", "Walk the hash chain: TRACE_OK <count> events head <hash>, or the first bad seq.") { since, all };
        verify.SetAction(pr => Verify(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(since), pr.GetValue(all)));
        trace.Subcommands.Add(verify);
        yield return trace;

        var text = new Argument<string>("text") { Description = "The note or decision, in a sentence." };
        var noteTask = new Option<string?>("--task") { Description = "The task it is about." };
        var decision = new Option<bool>("--decision") { Description = "Record it as a decision (shown in context packs)." };
        var note = new Command("note", "Record a note or decision in the ledger.") { text, noteTask, decision };
        note.SetAction(pr => Note(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(text)!, pr.GetValue(noteTask), pr.GetValue(decision), pr.GetValue(CommonOptions.Quiet)));
        yield return note;

        var line = new Argument<string>("line") { Description = "A line holding a marker (CHECKPOINT_OK …, CAPABILITY_OK …, TRACE_OK …, [SYNC_OK] …)." };
        var marker = new Command("verify-marker", "Check a marker line against the ledger: what it attests, or that it is forged.") { line };
        marker.SetAction(pr => VerifyMarker(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(line)!));
        yield return marker;
    }

    private static int Note(CliContext ctx, bool json, string text, string? taskInput, bool decision, bool quiet)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var taskId = taskInput is null ? null : k.Tasks.Resolve(k.Store, taskInput).Id;
        var last = k.Store.Write(w => k.Append(w, decision ? EventCatalog.Decision : EventCatalog.Note, taskId, new NoteRecorded(text)));

        if (json)
        {
            Output.Json(ctx, new JsonObject { ["seq"] = last.Seq, ["hash"] = last.Hash });
        }
        else if (quiet)
        {
            ctx.Out.WriteLine(last.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            ctx.Out.WriteLine($"Recorded {(decision ? "decision" : "note")} as event {last.Seq} ({last.ShortHash}).");
        }

        return ExitCodes.Ok;
    }

    private static int Verify(CliContext ctx, bool json, bool sinceCheckpoint, bool all)
    {
        if (sinceCheckpoint && all)
        {
            throw KosException.Input("--since-checkpoint and --all ask for opposite things: choose one.");
        }

        using var k = CommonOptions.OpenKernel(ctx);
        long? from = null;
        ChainReport report;
        IReadOnlyList<string> storage = [];
        Projections.ProjectionReport? projections = null;
        if (sinceCheckpoint)
        {
            var (cp, why) = Postflight.PostflightCheckpoint.Anchored(k.Project, k.Store);
            if (cp is null)
            {
                throw KosException.Refused($"Cannot verify since a checkpoint: {why}. Run 'kos trace verify' (the whole chain) or a clean 'kos postflight' first.");
            }

            from = cp.Seq;
            report = ChainWindow.Verify(k.Store, cp.Seq, cp.Hash);
        }
        else
        {
            // The whole chain; beside it (on the same cores, while the chain is read on connections of its own): the
            // engine's page check (SQLite: the whole file) and the projections rebuilt from the events (the whole replay).
            // Neither is in the quick check since a checkpoint; the replay counts only over an intact chain.
            var replay = new ProjectionRun(k.Store);
            (report, storage) = k.Store is Ledger.LedgerStore store
                ? store.VerifyWithStorage([replay.Run])
                : (k.Store.Verify(), []);
            projections = report.Ok ? replay.Result() : null;
        }

        // Beyond the chain: the anchors kept outside the ledger (identity, last anchored head).
        var anchors = Ledger.Anchors.LedgerAnchors.Check(k.Project, k.Store);
        var archived = all ? k.Archive.Verify() : null;
        var drifts = projections?.Drifts ?? [];
        var problems = storage.Select(p => $"SQLite integrity check: {p}").Concat(anchors).Concat(archived?.Problems ?? [])
            .Concat(drifts.Select(d => $"projection {d}")).ToList();
        var archives = k.Store.Archives();
        var ok = report.Ok && problems.Count == 0;
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["ok"] = ok,
                ["events"] = report.Count,
                ["head"] = report.HeadHash,
                ["firstBadSeq"] = report.FirstBadSeq,
                ["problem"] = report.Problem ?? problems.FirstOrDefault(),
                ["problems"] = Output.Strings(problems),
                ["sinceCheckpoint"] = from,
                ["archives"] = archives.Count,
                ["archivedEvents"] = archived?.Events,
                ["notes"] = Output.Strings(archived?.Notes ?? []),
                ["projections"] = projections is null ? null : new JsonObject
                {
                    ["ok"] = projections.Ok,
                    ["tasks"] = projections.Tasks,
                    ["archivedTasks"] = projections.Archived,
                    ["drifts"] = new JsonArray([.. drifts.Select(d => (JsonNode)new JsonObject { ["kind"] = d.Kind, ["key"] = d.Key, ["problem"] = d.Problem })]),
                    ["fix"] = projections.Ok ? null : Projections.ProjectionReport.Fix,
                },
            });
        }
        else if (ok)
        {
            ctx.Out.WriteLine($"TRACE_OK {report.Count} events head {report.HeadHash}{(from is null ? "" : $" since checkpoint {from}")}" +
                              (archives.Count == 0 ? "" : archived is null
                                  ? $" (live from event {archives[^1].LastSeq + 1}; {archives.Count} archive(s) not read: --all reads them)"
                                  : $" ({archived.Archives} archive(s), {archived.Events} archived events verified)"));
        }
        else if (!report.Ok)
        {
            ctx.Out.WriteLine($"TRACE_BROKEN at seq {report.FirstBadSeq}: {report.Problem}");
            ctx.Err.WriteLine($"kos: the ledger's chain is broken at event {report.FirstBadSeq}; events 1..{report.Count} are intact. " +
                              "Someone edited the database outside kos. Keep the file as evidence; do not edit it further.");
        }

        foreach (var p in report.Ok && !json ? problems : [])
        {
            ctx.Out.WriteLine($"TRACE_BROKEN: {p}");
        }

        foreach (var note in archived?.Notes ?? [])
        {
            ctx.Err.WriteLine($"kos: {note}");
        }

        if (drifts.Count > 0)
        {
            ctx.Err.WriteLine($"kos: {drifts.Count} projection row(s) differ from what the events say: {Projections.ProjectionReport.Fix}.");
        }
        else if (report.Ok && !ok && archived is { Ok: false })
        {
            ctx.Err.WriteLine($"kos: the live chain links up, but an archive does not hold what the ledger recorded. Keep {k.Archive.Folder} and the ledger as evidence and restore the archive from a backup.");
        }
        else if (report.Ok && !ok)
        {
            ctx.Err.WriteLine("kos: the ledger's events link up, but it is not the ledger this clone anchored, or its file was damaged or edited outside kos. Keep it as evidence and restore the clone's ledger from a backup.");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static int Timeline(CliContext ctx, bool json, string? taskInput, int? last, bool archived)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var taskId = taskInput is null ? null : k.Tasks.Resolve(k.Store, taskInput).Id;
        IEnumerable<LedgerEvent> events = k.Store.Events(taskId);
        if (archived)
        {
            events = k.Archive.ArchivedEvents(taskId).Concat(events);
        }
        else if (k.Store.Archives() is [.., var newest] && !json)
        {
            ctx.Err.WriteLine($"kos: events 1..{newest.LastSeq} are archived; 'kos trace --all' includes them.");
        }
        if (last is > 0)
        {
            events = events.TakeLast(last.Value);
        }

        if (json)
        {
            var a = new JsonArray();
            foreach (var e in events)
            {
                a.Add((JsonNode)new JsonObject
                {
                    ["seq"] = e.Seq, ["id"] = e.Id, ["time"] = e.Time, ["type"] = e.Type, ["task"] = e.Task,
                    ["actor"] = e.Actor, ["session"] = e.Session, ["payload"] = JsonNode.Parse(e.Payload),
                    ["prevHash"] = e.PrevHash, ["hash"] = e.Hash,
                });
            }

            Output.Json(ctx, a);
            return ExitCodes.Ok;
        }

        var any = false;
        foreach (var e in events)
        {
            any = true;
            ctx.Out.WriteLine($"{e.Seq,6}  {e.Time}  {e.ShortHash}  {e.Type,-22} {e.Task ?? "",-11} {e.Actor}{(e.Session is null ? "" : " @" + e.Session)}  {Summary(e)}");
        }

        if (!any)
        {
            ctx.Out.WriteLine("No events.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The few payload fields that tell a reader what happened.</summary>
    private static string Summary(LedgerEvent e)
    {
        var node = JsonNode.Parse(e.Payload) as JsonObject;
        if (node is null)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var key in new[] { "phase", "text", "title", "spec", "scope", "decision", "reason", "capability", "outcome", "command", "exitCode", "refusals", "warnings" })
        {
            if (node[key] is { } v)
            {
                var text = v is JsonValue ? v.ToString() : v.ToJsonString();
                parts.Add($"{key}={(text.Length > 80 ? text[..77] + "..." : text)}");
            }
        }

        return string.Join(' ', parts);
    }

    private static int VerifyMarker(CliContext ctx, bool json, string line)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var check = Markers.Verify(k.Store, line);
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["line"] = check.Line,
                ["status"] = check.Status.ToString().ToLowerInvariant(),
                ["explanation"] = check.Explanation,
                ["seq"] = check.Event?.Seq,
                ["hash"] = check.Event?.Hash,
            });
        }
        else
        {
            ctx.Out.WriteLine($"{check.Status.ToString().ToUpperInvariant()}: {check.Explanation}");
        }

        return check.Status == MarkerStatus.Valid ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>
    /// The projection replay as one piece of work beside the chain check: it may meet a broken chain's events, so what it
    /// throws is kept and only counts (re-thrown) when the chain is intact; run late (not beside), it runs on demand.
    /// </summary>
    private sealed class ProjectionRun(Ledger.ILedgerReader reader)
    {
        private Projections.ProjectionReport? _report;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _error;
        private bool _ran;

        public void Run()
        {
            _ran = true;
            try
            {
                _report = Projections.ProjectionCheck.All(reader);
            }
            catch (Exception e)
            {
                _error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }

        public Projections.ProjectionReport Result()
        {
            if (!_ran)
            {
                Run();
            }

            _error?.Throw();
            return _report!;
        }
    }
}
