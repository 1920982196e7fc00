using BenchmarkDotNet.Attributes;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Benchmarks;

/// <summary>In-process costs of the ledger's hot pieces.</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private readonly EventHasher _hasher = new();
    private const string Payload = "{\"capability\":\"tool:Write\",\"outcome\":\"allowed\",\"path\":\"src/app/checkout/form.tsx\"}";

    [Benchmark(Description = "hash one event (canonical envelope + SHA-256)")]
    public string HashEvent() =>
        _hasher.Hash(123456, "0192f7c0a1b24c3d8e9f001122334455", "2026-11-25T17:30:00.123Z", "capability.used", "T-4k9q2m7x", "agent:claude", "session-1", Payload, EventHasher.Genesis);

    [Benchmark(Description = "canonicalise a payload")]
    public string Canonicalise() => CanonicalJson.Canonicalize(Payload);
}
