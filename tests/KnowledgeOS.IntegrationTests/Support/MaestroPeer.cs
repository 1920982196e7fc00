namespace KnowledgeOS.Testing;

/// <summary>
/// The real Maestro Orchestrate 1.6.4 (../shared/peers/maestro-orchestrate beside the repository: never copied
/// into it). Its MCP server runs on Node ≥ 20 without dependencies. KOS_MAESTRO may name another copy.
/// </summary>
public static class MaestroPeer
{
    public const int Specialists = 39;

    public static string Dir
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("KOS_MAESTRO") is { Length: > 0 } d
                ? d
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(McpFixtures.Dir.TrimEnd('/'))!, "..", "..", "..", "shared", "peers", "maestro-orchestrate"));
            return File.Exists(Path.Combine(dir, "bin", "maestro-mcp-server.js"))
                ? dir
                : throw new DirectoryNotFoundException(
                    $"Maestro Orchestrate 1.6.4 is not at {dir}: these tests need the real peer beside the repository (../shared/peers/maestro-orchestrate) or KOS_MAESTRO naming it.");
        }
    }

    public static string Server(string? dir = null) => Path.Combine(dir ?? Dir, "bin", "maestro-mcp-server.js");

    /// <summary>A private copy of the peer (or of one of its folders) in <paramref name="into"/>, outside the repository, for a test to change.</summary>
    public static string CopyTo(string into, string? folder = null)
    {
        var source = folder is null ? Dir : Path.Combine(Dir, folder);
        foreach (var path in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(source, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        return into;
    }
}
