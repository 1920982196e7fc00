using System.CommandLine;
using System.Diagnostics;

namespace KnowledgeOS.Cli;

/// <summary>
/// Commands that live in extension executables beside kos, as git does with git-&lt;name&gt;. The MCP
/// server and client are in <c>kos-mcp</c>, the web workbench in <c>kos-serve</c>: their libraries would
/// double the size of kos, and every kos process (each hook call) pays for the binary's size when it starts.
/// </summary>
internal static class Extensions
{
    private const string Mcp = "kos-mcp";
    private const string Serve = "kos-serve";

    /// <summary>The extension that runs <paramref name="args"/>, or null when kos runs them itself.</summary>
    public static string? Find(string[] args) => args switch
    {
        ["mcp", ..] => Mcp,
        ["registry", "probe" or "import-catalog", ..] => Mcp,
        ["serve", ..] => Serve,
        _ => null,
    };

    /// <summary>A command shown in kos's help whose work an extension does (kos hands it over before parsing).</summary>
    public static Command Listing(string name, string description)
    {
        var cmd = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        cmd.SetAction(_ => ExitCodes.Internal);
        return cmd;
    }

    /// <summary>Runs the extension with the same arguments; its exit code is ours.</summary>
    public static int Run(string name, string[] args, CliContext ctx)
    {
        var psi = StartInfo(name, ctx);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.WorkingDirectory = ctx.Cwd;
        psi.UseShellExecute = false;

        // On a real console the extension inherits stdin/stdout/stderr (the MCP protocol flows straight
        // through); inside a test or another host, its output is copied to the injected writers.
        var console = ReferenceEquals(ctx.Out, Console.Out);
        psi.RedirectStandardOutput = !console;
        psi.RedirectStandardError = !console;
        psi.RedirectStandardInput = !console;
        using var p = Process.Start(psi) ?? throw KosException.Environment($"Could not start {psi.FileName}.");
        if (!console)
        {
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            ctx.Out.Write(p.StandardOutput.ReadToEnd());
            ctx.Err.Write(err.GetAwaiter().GetResult());
        }

        p.WaitForExit();
        return p.ExitCode;
    }

    private static ProcessStartInfo StartInfo(string name, CliContext ctx)
    {
        // Beside this kos first (a published build ships both), then PATH.
        var here = AppContext.BaseDirectory;
        var native = Path.Combine(here, name);
        if (File.Exists(native))
        {
            return new ProcessStartInfo(native);
        }

        var managed = Path.Combine(here, name + ".dll");
        if (File.Exists(managed))
        {
            var psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(managed);
            return psi;
        }

        foreach (var dir in (ctx.Env("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return new ProcessStartInfo(candidate);
            }
        }

        throw KosException.Environment(
            $"This command is provided by {name}, which is not installed beside kos ({here}) or on PATH. " +
            $"Publish it with: dotnet publish src/{(name == Serve ? "KnowledgeOS.Serve" : "KnowledgeOS.Mcp")} -c Release -o <the folder that holds kos>");
    }
}
