using System.CommandLine;
using KnowledgeOS.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace KnowledgeOS.Mcp;

/// <summary>
/// <c>kos mcp</c>: the stdio MCP server. The host is built only when this command runs, so other
/// commands pay nothing for it. stdout carries the protocol alone; logs go to stderr.
/// </summary>
internal static class McpServerCommand
{
    public static Command Build(CliContext ctx)
    {
        var cmd = new Command("mcp", "Run the kos MCP server on stdio (for .mcp.json: {\"command\": \"kos\", \"args\": [\"mcp\"]}).");
        cmd.SetAction(_ => Run(ctx));
        return cmd;
    }

    private static int Run(CliContext ctx)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(ctx.Env("KOS_MCP_LOG") is { Length: > 0 } level && Enum.TryParse<LogLevel>(level, true, out var l) ? l : LogLevel.Warning);
        builder.Services.AddSingleton(new KosToolRunner(ctx));
        builder.Services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "kos", Version = typeof(McpServerCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" };
                o.ServerInstructions = "KnowledgeOS: tasks bound to specs, write scopes, capability policy and evidence for this repository.";
            })
            .WithStdioServerTransport()
            .WithTools<KosTools>();
        using var host = builder.Build();
        host.Run();
        return ExitCodes.Ok;
    }
}
