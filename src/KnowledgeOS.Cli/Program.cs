using KnowledgeOS.Cli;

return KosCli.Run(args, CliContext.FromProcess());
