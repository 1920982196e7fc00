using System.Text;
using KnowledgeOS.Actors;

namespace KnowledgeOS.Tests.Actors;

public sealed class ProcessEnvironmentTests
{
    private static ProcessEnvironment Of(string block) => new(Encoding.UTF8.GetBytes(block));

    [Fact]
    public void a_name_is_found_whole_and_the_last_of_repeated_ones_wins()
    {
        var env = Of("CLAUDECODE_X=no\0CLAUDECODE=1\0PATH=/bin\0X_CLAUDECODE=no\0CLAUDECODE=2\0EMPTY=\0CAF\u00c9=cr\u00e8me\0TAIL=last");
        Assert.Equal("2", env.Get("CLAUDECODE"));
        Assert.Equal("/bin", env.Get("PATH"));
        Assert.Equal("", env.Get("EMPTY"));
        Assert.Equal("cr\u00e8me", env.Get("CAF\u00c9"));
        Assert.Equal("last", env.Get("TAIL"));
        Assert.Null(env.Get("CLAUDE"));
        Assert.Null(env.Get("MISSING"));
    }

    [Fact]
    public void this_process_s_own_environment_reads_as_the_runtime_sees_it()
    {
        var me = ProcessInfo.Read(Environment.ProcessId);
        Assert.NotNull(me);
        var env = me.Environment();
        Assert.NotNull(env);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env.Get("PATH"));
    }
}
