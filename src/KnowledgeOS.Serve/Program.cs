using KnowledgeOS.Cli;
using KnowledgeOS.Serve.Hosting;

// kos-serve takes the arguments kos received: `serve [--port N] [--listen ADDRESS] [--open]`.
var ctx = CliContext.FromProcess();
return KosCli.RunRoot(args, ctx, () => ServeCommand.Root(ctx));
