using KnowledgeOS.Claims;
using KnowledgeOS.Fence;
using KnowledgeOS.Testing;
using KnowledgeOS.Launch;

namespace KnowledgeOS.Tests.Launch;

/// <summary>kernel.Launch.Prepare: which task 'kos agent' starts on, and whose claim it takes.</summary>
public sealed class PrepareLaunchTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public PrepareLaunchTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private Kernel Open() => Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);

    [Fact]
    public void the_only_ready_task_is_taken_for_a_fresh_uuid_from_its_placeholder_claim()
    {
        var task = _kos.Ok("create-task", "Fix", "--quick", "--scope", "src/**", "-q").Out.Trim();
        using var k = Open();
        var launch = k.Launch.Prepare(new LaunchRequest("codex", null, null, []));
        Assert.Equal(task, launch.Task.Id);
        Assert.True(Guid.TryParse(launch.Session, out _));
        Assert.Equal(launch.Session, k.FindTask(k.Store, task)!.Claim!.Session);
        Assert.Contains(k.Store.Events(), e => e.Type == "claim.handed-over" && e.Task == task && e.Payload.Contains(launch.Session, StringComparison.Ordinal));

        // Again: the first launch's session never acted, so the next one takes it over the same way.
        var again = k.Launch.Prepare(new LaunchRequest("codex", task, null, []));
        Assert.NotEqual(launch.Session, again.Session);
        Assert.Equal(again.Session, k.FindTask(k.Store, task)!.Claim!.Session);
    }

    [Fact]
    public void a_claim_held_by_a_working_agent_is_not_taken()
    {
        var task = _kos.Ok("create-task", "Fix", "--quick", "--scope", "src/**", "--session", "agent-own", "-q").Out.Trim();
        using var k = Open();
        k.Store.Write(w => SessionBinding.Bind(k, w, "agent-own", k.FindTask(w, task)!, "claude"));
        var refused = Assert.Throws<KosException>(() => k.Launch.Prepare(new LaunchRequest("claude", task, null, [])));
        Assert.Contains("kos release " + task, refused.Message, StringComparison.Ordinal);
        Assert.Equal("agent-own", k.FindTask(k.Store, task)!.Claim!.Session);
    }

    [Fact]
    public void without_a_task_kos_does_not_guess_between_two()
    {
        var a = _kos.Ok("create-task", "A", "--quick", "--scope", "a/**", "-q").Out.Trim();
        var b = _kos.Ok("create-task", "B", "--quick", "--scope", "b/**", "-q").Out.Trim();
        using var k = Open();
        var e = Assert.Throws<KosException>(() => k.Launch.Prepare(new LaunchRequest("gemini", null, null, [])));
        Assert.Contains(a, e.Message, StringComparison.Ordinal);
        Assert.Contains(b, e.Message, StringComparison.Ordinal);
        Assert.Contains("--quick", e.Message, StringComparison.Ordinal);
        Assert.Contains("--scope goes with --quick", Assert.Throws<KosException>(() => k.Launch.Prepare(new LaunchRequest("gemini", a, null, ["x/**"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_task_fence_makes_only_its_scope_and_git_writable_and_creates_a_missing_scope_folder()
    {
        _repo.Write("docs/a.md", "a\n");
        _repo.Write("lib/b.txt", "b\n");
        var task = _kos.Ok("create-task", "Fix", "--quick", "--scope", "src/new/**", "--scope", "lib/c.txt", "-q").Out.Trim();
        using var k = Open();
        var t = k.FindTask(k.Store, task)!;
        var plan = FencePlan.ForTask(k, k.Project, t);
        var roots = plan.WritableRoots(k.Project, t.Scope);
        Assert.True(Directory.Exists(_repo.PathOf("src/new")));
        Assert.Equal([_repo.PathOf(".git"), _repo.PathOf("lib"), _repo.PathOf("src/new")], roots.Order(StringComparer.Ordinal));
        var inside = plan.DeniedInside(roots);
        Assert.Contains(_repo.PathOf("lib/b.txt"), inside);           // lib is writable for the new lib/c.txt, its other files are not
        Assert.Contains(_repo.PathOf(".git/hooks"), inside);
        Assert.Contains(_repo.PathOf(".git/config"), inside);
        Assert.DoesNotContain(_repo.PathOf("docs"), roots);
    }
}
