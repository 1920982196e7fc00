using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.FailClosed;

/// <summary>
/// A real marker replayed in a final message after things changed: the Stop gate accepts a marker only
/// when it is the latest of its kind and nothing it attests has changed since.
/// </summary>
public sealed class MarkerReplayTests : IDisposable
{
    private const string Other = "no-task-session";
    private readonly HookHarness _h = new("standard");
    private readonly InProcess _kos;

    public MarkerReplayTests() => _kos = new InProcess(_h.Repo.Root);

    [Fact]
    public void a_fresh_sync_marker_is_accepted()
    {
        var marker = Sync();
        Assert.False(HookHarness.Denied(Stop(marker)));
    }

    [Fact]
    public void a_sync_marker_replayed_after_the_tree_changed_is_refused()
    {
        var marker = Sync();
        _h.Repo.Write("docs/after.md", "written after the postflight\n");
        var r = Stop(marker);
        Assert.True(HookHarness.Denied(r), r.ToString());
        Assert.Contains("stale", r.Out + r.Err);
    }

    [Fact]
    public void a_sync_marker_that_a_later_postflight_replaced_is_refused()
    {
        var first = Sync();
        Sync();
        var r = Stop(first);
        Assert.True(HookHarness.Denied(r), r.ToString());
        Assert.Contains("later postflight", r.Out + r.Err);
    }

    private string Sync()
    {
        var run = _kos.Run("postflight");
        var line = run.Out.Split('\n').FirstOrDefault(l => l.StartsWith("[SYNC_OK]", StringComparison.Ordinal));
        Assert.True(line is not null, run.ToString());
        return line!;
    }

    private CliRun Stop(string marker) => _h.Hook(new JsonObject
    {
        ["session_id"] = Other, ["cwd"] = _h.Repo.Root, ["hook_event_name"] = "Stop", ["stop_hook_active"] = false,
        ["last_assistant_message"] = "All checks pass.\n" + marker,
    }.ToJsonString(), eventName: "stop");

    public void Dispose() => _h.Dispose();
}
