using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Mcp;

public sealed class KosMcpStdioTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public KosMcpStdioTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task stdout_carries_only_json_rpc_even_with_debug_logging_which_goes_to_stderr()
    {
        var psi = KosProcess.StartInfo(_repo.Root, ["mcp"], new Dictionary<string, string> { ["KOS_MCP_LOG"] = "Debug" });
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.WriteLine("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        p.StandardInput.WriteLine("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        p.StandardInput.WriteLine("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        p.StandardInput.Flush();

        var lines = new List<string>();
        var read = Task.Run(() =>
        {
            while (lines.Count < 2 && p.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        });
        await read.WaitAsync(TimeSpan.FromMinutes(1));
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "kos mcp did not exit when its stdin closed");
        var rest = p.StandardOutput.ReadToEnd();

        var messages = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(messages, m => Assert.Equal("2.0", m["jsonrpc"]!.GetValue<string>()));
        Assert.Equal("kos", messages.Single(m => m["id"]!.GetValue<int>() == 1)["result"]!["serverInfo"]!["name"]!.GetValue<string>());
        Assert.NotEmpty(messages.Single(m => m["id"]!.GetValue<int>() == 2)["result"]!["tools"]!.AsArray());
        Assert.Equal("", rest.Trim());
        Assert.Contains("dbug:", await stderr, StringComparison.Ordinal);
    }
}
