using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KnowledgeOS.Benchmarks;

// `seed …` builds fixtures for the whole-process benchmarks (bench/*.sh); anything else runs BenchmarkDotNet.
if (args.Length > 0 && args[0] == "seed")
{
    return Seed.Run(args[1..]);
}

// In-process and short: the machine is shared, and what is measured is dominated by git and disk.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Seed).Assembly).Run(args, config);
return 0;
