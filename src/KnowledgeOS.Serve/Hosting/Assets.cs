using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>The embedded static files: htmx (pinned, vendored from npm), the live-update script, CSS, icon.</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static IResult Serve(string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        var bytes = type is null ? null : Cache.GetOrAdd(name, Load);
        return bytes is null ? Results.NotFound() : Results.Bytes(bytes, type);
    }

    private static byte[]? Load(string name)
    {
        using var s = typeof(Assets).Assembly.GetManifestResourceStream(name);
        if (s is null)
        {
            return null;
        }

        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
