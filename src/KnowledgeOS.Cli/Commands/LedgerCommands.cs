using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos ledger archive --before DATE</c>: sealing old events into an archive file (the kernel's <c>ArchiveLedger</c>).</summary>
internal static class LedgerCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var ledger = new Command("ledger", "Maintain the embedded SQLite ledger.");
        var before = new Option<string>("--before")
        {
            Description = "Archive the events older than this: an ISO date (2026-01-31, midnight UTC) or timestamp (2026-01-31T12:00:00Z).",
            Required = true,
        };
        var vacuum = new Option<bool>("--vacuum") { Description = "Then give the freed pages back to the file system (VACUUM; holds the ledger's lock while it runs)." };
        var archive = new Command("archive",
            "Seal the events older than --before into a compressed file under .agent-os/state/archive/ and remove them from the live ledger " +
            "(the archive's range and hashes stay in it; 'kos trace verify --all' checks the files).") { before, vacuum };
        archive.SetAction(pr => Archive(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(before)!, pr.GetValue(vacuum)));
        ledger.Subcommands.Add(archive);
        yield return ledger;
    }

    /// <summary>An ISO date (midnight UTC) or timestamp (UTC unless it names an offset).</summary>
    public static DateTimeOffset ParseBefore(string text)
    {
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"],
                CultureInfo.InvariantCulture, styles, out var t))
        {
            return t;
        }

        throw KosException.Input($"--before '{text}' is not an ISO date or timestamp; use e.g. 2026-01-31 (midnight UTC) or 2026-01-31T12:00:00Z.");
    }

    private static int Archive(CliContext ctx, bool json, string beforeText, bool vacuum)
    {
        var before = ParseBefore(beforeText);
        using var k = CommonOptions.OpenKernel(ctx);
        var outcome = k.Archive.ArchiveBefore(before);
        long? bytesBefore = null, bytesAfter = null;
        if (vacuum && outcome.Sealed is not null)
        {
            (bytesBefore, bytesAfter) = k.Archive.Vacuum();
        }

        var a = outcome.Sealed;
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["archived"] = a is not null,
                ["firstSeq"] = a?.FirstSeq,
                ["lastSeq"] = a?.LastSeq,
                ["events"] = a?.Events ?? 0,
                ["lastHash"] = a?.LastHash,
                ["file"] = a is null ? null : Path.Combine(k.Archive.Folder, a.File),
                ["bytes"] = a?.Bytes,
                ["sha256"] = a?.Sha256,
                ["recordedSeq"] = outcome.Recorded?.Seq,
                ["ledgerBytesBefore"] = bytesBefore,
                ["ledgerBytesAfter"] = bytesAfter,
                ["notes"] = Output.Strings(outcome.Notes),
            });
        }
        else
        {
            foreach (var note in outcome.Notes)
            {
                ctx.Err.WriteLine($"kos: {note}");
            }

            if (a is null)
            {
                ctx.Out.WriteLine("Nothing archived.");
            }
            else
            {
                ctx.Out.WriteLine($"ARCHIVE_OK events {a.FirstSeq}..{a.LastSeq} ({a.Events} events) last {a.LastHash} sha256 {a.Sha256}");
                ctx.Out.WriteLine($"  file {Path.Combine(k.Archive.Folder, a.File)} ({a.Bytes} bytes); recorded as event {outcome.Recorded!.Seq}");
                if (bytesBefore is not null)
                {
                    ctx.Out.WriteLine($"  ledger file {bytesBefore} → {bytesAfter} bytes");
                }

                ctx.Out.WriteLine("'kos trace verify --all' checks the archives with the live chain; keep .agent-os/state/archive/ with the ledger in backups.");
            }
        }

        return ExitCodes.Ok;
    }
}
