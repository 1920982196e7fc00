using BenchmarkDotNet.Running;
using KnowledgeOS.Benchmarks;

// `seed …` builds fixtures for the whole-process benchmarks (bench/*.sh); anything else runs BenchmarkDotNet.
if (args.Length > 0 && args[0] == "seed")
{
    return Seed.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Seed).Assembly).Run(args);
return 0;
