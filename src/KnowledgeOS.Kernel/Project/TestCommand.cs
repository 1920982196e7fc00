using System.Text.Json;

namespace KnowledgeOS.Project;

/// <summary>
/// The project's own test command, noticed at <c>kos init</c> from the files every ecosystem keeps at
/// the repository root, so that tasks have an eval from the start (config.toml <c>[evals] default</c>).
/// </summary>
public static class TestCommand
{
    /// <summary>The command and the file that gave it away; null when nothing says how the project is tested.</summary>
    public static (string Command, string Source)? Detect(string root)
    {
        string At(string name) => Path.Combine(root, name);
        if (File.Exists(At("package.json")) && NpmTest(At("package.json")))
        {
            var runner = File.Exists(At("pnpm-lock.yaml")) ? "pnpm" : File.Exists(At("yarn.lock")) ? "yarn" : File.Exists(At("bun.lockb")) || File.Exists(At("bun.lock")) ? "bun" : "npm";
            return (runner + " test", "package.json");
        }

        if (File.Exists(At("test.sh")))
        {
            return ("./test.sh", "test.sh");
        }

        if (File.Exists(At("Cargo.toml")))
        {
            return ("cargo test", "Cargo.toml");
        }

        if (File.Exists(At("go.mod")))
        {
            return ("go test ./...", "go.mod");
        }

        if (Directory.EnumerateFiles(root, "*.sln*").Concat(Directory.EnumerateFiles(root, "*.csproj")).FirstOrDefault() is { } dotnet)
        {
            return ("dotnet test", Path.GetFileName(dotnet));
        }

        foreach (var python in new[] { "pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini" })
        {
            if (File.Exists(At(python)) && (python == "pytest.ini" || File.ReadAllText(At(python)).Contains("pytest", StringComparison.Ordinal)))
            {
                return ("pytest", python);
            }
        }

        if (File.Exists(At("Makefile")) && File.ReadLines(At("Makefile")).Any(l => l.StartsWith("test:", StringComparison.Ordinal)))
        {
            return ("make test", "Makefile");
        }

        return null;
    }

    /// <summary>True when package.json has a test script other than npm's placeholder that always fails.</summary>
    private static bool NpmTest(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                   && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String
                   && test.GetString() is { Length: > 0 } t && !t.Contains("no test specified", StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The config template with <paramref name="command"/> as the default eval.</summary>
    public static string ConfigWith(string template, string command) =>
        template.Replace("default = []", "default = [" + TomlString(command) + "]", StringComparison.Ordinal);

    private static string TomlString(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
