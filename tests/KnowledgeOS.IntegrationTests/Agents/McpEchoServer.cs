namespace KnowledgeOS.Testing.Agents;

/// <summary>A minimal stdio MCP server (Node.js, line-delimited JSON-RPC) with one tool, <c>echo</c>.</summary>
public static class McpEchoServer
{
    public const string Script = """
        const rl = require('readline').createInterface({ input: process.stdin });
        const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
        rl.on('line', (line) => {
          let m; try { m = JSON.parse(line); } catch { return; }
          if (m.id === undefined) return;
          if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'kosecho', version: '1.0.0' } } });
          else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'echo', description: 'Echo text', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }] } });
          else if (m.method === 'tools/call') send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'echo: ' + (m.params.arguments || {}).text }] } });
          else send({ jsonrpc: '2.0', id: m.id, result: {} });
        });
        """;

    public static void WriteInto(string root)
    {
        File.WriteAllText(Path.Combine(root, "mcp-echo.js"), Script);
        File.WriteAllText(Path.Combine(root, ".mcp.json"),
            """{"mcpServers":{"kosecho":{"type":"stdio","command":"node","args":["mcp-echo.js"],"env":{}}}}""");
    }
}
