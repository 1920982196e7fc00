using System.Security.Cryptography;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tests.Ledger;

public sealed class HashingTests
{
    [Fact]
    public void the_managed_sha256_agrees_with_the_framework_on_every_length_across_block_boundaries()
    {
        var random = new Random(42);
        Span<byte> managed = stackalloc byte[32];
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            ManagedSha256.Hash(data, managed);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(managed));
        }
    }

    [Fact]
    public void libcrypto_sha256_agrees_with_the_framework_on_every_length_and_is_what_bulk_hashing_uses_here()
    {
        // This machine has libcrypto 3 (the framework's own SHA-256 loads it): were it unusable, verification would quietly
        // take the slower path, so its absence fails here rather than passing.
        var native = LibcryptoSha256.Create();
        Assert.NotNull(native);
        var random = new Random(7);
        Span<byte> digest = stackalloc byte[32];
        foreach (var length in Enumerable.Range(0, 300).Concat([1000, 4095, 4096, 65_537]))
        {
            var data = new byte[length];
            random.NextBytes(data);
            native.Hash(data, digest);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(digest));
        }

        Assert.Throws<ArgumentException>(() => native.Hash("abc"u8, new byte[31]));
    }

    [Fact]
    public void bulk_and_single_event_hashers_produce_the_same_hash()
    {
        const string payload = "{\"text\":\"caf\u00e9 \\\"quoted\\\" \u2603\"}";
        var single = new EventHasher().Hash(7, "id", "2026-11-25T00:00:00.000Z", "note", null, "user:x", "s\u00e9ssion", payload, EventHasher.Genesis);
        var bulk = new EventHasher(bulk: true).Hash(7, "id", "2026-11-25T00:00:00.000Z", "note", null, "user:x", "s\u00e9ssion", payload, EventHasher.Genesis);
        Assert.Equal(single, bulk);
    }

    [Fact]
    public void canonical_json_sorts_keys_and_drops_whitespace()
    {
        Assert.Equal("{\"a\":[1,{\"x\":true,\"y\":null}],\"b\":\"z\"}", CanonicalJson.Canonicalize("{ \"b\": \"z\", \"a\": [1, {\"y\": null, \"x\": true}] }"));
    }

    [Fact]
    public void a_changed_field_changes_the_hash()
    {
        var h = new EventHasher();
        var a = h.Hash(1, "id", "t", "note", "T-1", "user:x", null, "{}", EventHasher.Genesis);
        Assert.NotEqual(a, h.Hash(1, "id", "t", "note", "T-2", "user:x", null, "{}", EventHasher.Genesis));
        Assert.NotEqual(a, h.Hash(1, "id", "t", "note", "T-1", "user:x", "", "{}", EventHasher.Genesis));
        Assert.NotEqual(a, h.Hash(2, "id", "t", "note", "T-1", "user:x", null, "{}", EventHasher.Genesis));
    }
}
