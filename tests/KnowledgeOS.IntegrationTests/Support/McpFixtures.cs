using System.Diagnostics;

namespace KnowledgeOS.Testing;

/// <summary>
/// Real MCP peers from npm (tests/fixtures/mcp/package.json, pinned by its package-lock.json):
/// the servers kos probes, the SDK the catalog fixture uses, and the Inspector CLI as a client.
/// .ci/run installs them with 'npm ci'; if they are missing the first test installs them itself.
/// KOS_MCP_FIXTURES may name another folder holding the same package.json and node_modules.
/// </summary>
public static class McpFixtures
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static readonly string[] Packages =
    [
        "@modelcontextprotocol/inspector",
        "@modelcontextprotocol/sdk",
        "@modelcontextprotocol/server-everything",
        "@modelcontextprotocol/server-filesystem",
    ];

    public static string Dir => Environment.GetEnvironmentVariable("KOS_MCP_FIXTURES") is { Length: > 0 } d ? d : Path.Combine(RepoRoot(), "tests", "fixtures", "mcp");

    public static bool NpmAvailable => OnPath("npm") && OnPath("node");

    public static string NodeModules => Installed.Value;

    public static string ServerEverything => Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string ServerFilesystem => Path.Combine(NodeModules, "@modelcontextprotocol", "server-filesystem", "dist", "index.js");

    public static string Inspector => Path.Combine(NodeModules, "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");

    public static string CatalogServer => Path.Combine(Installed.Value, "..", "catalog-server.mjs");

    private static string Install()
    {
        var dir = Dir;
        var modules = Path.Combine(dir, "node_modules");
        if (Packages.All(p => File.Exists(Path.Combine(modules, p, "package.json"))))
        {
            return modules;
        }

        var psi = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { File.Exists(Path.Combine(dir, "package-lock.json")) ? "ci" : "install", "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {dir} did not finish in 5 minutes");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {dir} failed (exit {p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        return modules;
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "tests", "fixtures", "mcp", "package.json")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/mcp not found above {AppContext.BaseDirectory}; set KOS_MCP_FIXTURES");
    }

    private static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, exe)));
}

/// <summary>A test that needs npm: skipped, saying why, only when npm or node is not installed.</summary>
public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!McpFixtures.NpmAvailable)
        {
            Skip = "npm/node are not installed: these tests talk to real MCP servers and clients from npm (install Node.js and npm).";
        }
    }
}

/// <summary>Runs node with a script and arguments, in a folder, and returns what it printed.</summary>
public static class Node
{
    public static ProcessRun Run(string cwd, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["KOS_ACTOR"] = "user:tester";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new ProcessRun(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The command line that starts kos (the AOT binary, or kos.dll through dotnet).</summary>
    public static string[] KosCommand(params string[] args) =>
        KosProcess.Binary.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", KosProcess.Binary, .. args] : [KosProcess.Binary, .. args];
}
