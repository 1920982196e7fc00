namespace KnowledgeOS.Tests.Lifecycle;

/// <summary>Task, spec and run IDs: short, in Crockford base32, and random in every symbol (never a fixed GUID version bit).</summary>
public sealed class IdsTests
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    [Theory]
    [InlineData('T', 8)]
    [InlineData('S', 6)]
    [InlineData('T', 12)]
    [InlineData('E', 20)]
    public void new_ids_have_the_prefix_and_length_and_every_symbol_takes_every_value(char prefix, int symbols)
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => Ids.New(prefix, symbols)).ToList();
        Assert.All(ids, id =>
        {
            Assert.Equal(symbols + 2, id.Length);
            Assert.StartsWith($"{prefix}-", id, StringComparison.Ordinal);
            Assert.All(id[2..], c => Assert.Contains(c, Alphabet));
        });

        // 2,000 draws miss one of 32 values at a position with probability below 1e-26: a constant bit would always show.
        for (var i = 2; i < symbols + 2; i++)
        {
            Assert.Equal(32, ids.Select(id => id[i]).Distinct().Count());
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
