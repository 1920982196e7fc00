using KnowledgeOS.Capabilities;

namespace KnowledgeOS.Testing.Capabilities;

public sealed class ShellWritesTests
{
    [Theory]
    [InlineData("echo hi > out.txt", "out.txt")]
    [InlineData("echo hi >> logs/a.log 2>&1", "logs/a.log")]
    [InlineData("make &> build.log", "build.log")]
    [InlineData("cat x | tee -a copy.txt", "copy.txt")]
    [InlineData("rm -rf dist", "dist")]
    [InlineData("mv a.txt b.txt", "a.txt,b.txt")]
    [InlineData("cp src/a.txt /tmp/b.txt", "/tmp/b.txt")]
    [InlineData("sed -i 's/a/b/' config.yml", "config.yml")]
    [InlineData("sudo touch /etc/x", "/etc/x")]
    [InlineData("dd if=/dev/zero of=disk.img bs=1M count=1", "disk.img")]
    [InlineData("cd src && echo 'x' > \"my file.txt\"", "my file.txt")]
    public void visible_writes_are_found(string command, string expected)
    {
        Assert.Equal(expected.Split(','), ShellWrites.Targets(command));
    }

    [Theory]
    [InlineData("ls -la")]
    [InlineData("git status")]
    [InlineData("grep -r foo src 2>/dev/null")]
    [InlineData("cat a.txt | wc -l")]
    [InlineData("sed 's/a/b/' config.yml")]
    public void reads_write_nothing(string command)
    {
        Assert.Empty(ShellWrites.Targets(command));
    }
}
