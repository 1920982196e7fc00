using System.Text.Json.Serialization;
using KnowledgeOS.Cli;

namespace KnowledgeOS.Mcp;

/// <summary>Source-generated JSON for the values kos passes to and from MCP tools.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
