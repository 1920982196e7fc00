using KnowledgeOS.Scopes;

namespace KnowledgeOS.Testing.MultiAgent;

public sealed class AtomicWriteTempTests
{
    [Theory]
    [InlineData("src/d/own.txt.tmp.27631.152115eb54cc", "src/d/own.txt")]
    [InlineData("README.md.tmp.1.a", "README.md")]
    [InlineData("src/d/own.txt", null)]
    [InlineData("src/d/own.tmp.txt", null)]
    [InlineData("src/d/x.tmp.12.NOTHEX", null)]
    [InlineData(".tmp.1.a", null)]
    public void an_atomic_writes_temporary_file_names_its_target(string path, string? target) =>
        Assert.Equal(target, Attribution.AtomicWriteTarget(path));
}
