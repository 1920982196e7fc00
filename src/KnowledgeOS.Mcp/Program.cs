using System.CommandLine;
using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Commands;
using KnowledgeOS.Mcp;

// kos-mcp takes the same arguments kos received: `mcp`, `registry probe …`, `registry import-catalog …`.
var ctx = CliContext.FromProcess();
return KosCli.RunRoot(args, ctx, () =>
{
    var root = new RootCommand("kos-mcp: the MCP server and client of KnowledgeOS (run through 'kos mcp' and 'kos registry probe').");
    root.Options.Add(CommonOptions.Json);
    root.Subcommands.Add(McpServerCommand.Build(ctx));
    var registry = new Command("registry", "The capability registry's MCP client commands.");
    registry.Subcommands.Add(RegistryProbeCommands.Probe(ctx));
    registry.Subcommands.Add(RegistryProbeCommands.ImportCatalog(ctx));
    root.Subcommands.Add(registry);
    return root;
});
