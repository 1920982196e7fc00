using System.Diagnostics;
using KnowledgeOS;
using KnowledgeOS.Events;

// Usage (in an initialised repository; the store comes from KOS_STORE / config.toml like kos's own):
//   append N LABEL   append N notes ("probe LABEL i"), one write transaction each, then print
//                    APPENDED N FROM T0 TO T1 FIRST F CPU C SLOWEST S
//                    (T0, T1: Unix milliseconds when the first append began and the last ended, for bench/postgres.sh;
//                    F: the first append's ms; C: the process's CPU ms over the N appends; S: the slowest append's ms)
//   hold LABEL       append one note ("held LABEL") inside a write, print HOLDING, and never commit (to be killed)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: append N LABEL | hold LABEL");
    return 2;
}

KnowledgeOS.Ledger.StoreFactory.Register(new KnowledgeOS.Store.Postgres.PostgresStoreProvider());
using var kernel = Kernel.Open(Environment.CurrentDirectory, TimeProvider.System, "user:probe", null);
switch (args[0])
{
    case "append":
        var n = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var label = args.Length > 2 ? args[2] : "probe";
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        double first = 0, slowest = 0;
        for (var i = 0; i < n; i++)
        {
            var began = Stopwatch.GetTimestamp();
            kernel.Store.Write(w => kernel.Append(w, EventCatalog.Note, null, new NoteRecorded($"probe {label} {i}")));
            var ms = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            first = i == 0 ? ms : first;
            slowest = Math.Max(slowest, ms);
        }

        var t1 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine(FormattableString.Invariant($"APPENDED {n} FROM {t0} TO {t1} FIRST {first:F1} CPU {cpu:F0} SLOWEST {slowest:F1}"));
        return 0;
    case "hold":
        kernel.Store.Write(w =>
        {
            kernel.Append(w, EventCatalog.Note, null, new NoteRecorded($"held {args[1]}"));
            w.PutRecord("probe", args[1], null, "uncommitted");
            Console.WriteLine("HOLDING");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
            return 0;
        });
        return 0;
    default:
        Console.Error.WriteLine($"unknown probe command {args[0]}");
        return 2;
}
