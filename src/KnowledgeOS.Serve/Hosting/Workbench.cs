using KnowledgeOS.Project;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>
/// What every request shares: the project, the person it acts for, this run's token and clock.
/// Each request opens its own kernel (a SQLite connection is not shared across threads); the
/// kernel decides everything, the pages only translate.
/// </summary>
internal sealed class Workbench(KosProject project, string actor, TimeProvider clock, string token)
{
    public KosProject Project { get; } = project;

    /// <summary>The person behind this run (<c>user:NAME</c>): approvals made in the page are recorded as theirs.</summary>
    public string Actor { get; } = actor;

    public TimeProvider Clock { get; } = clock;

    public string Token { get; } = token;

    /// <summary>Origins (scheme://host:port) a same-origin POST may come from; filled once the port is bound.</summary>
    public IReadOnlySet<string> Origins { get; set; } = new HashSet<string>();

    /// <summary>Whether the Host header is checked (loopback binding: a DNS-rebound name is refused).</summary>
    public bool CheckHost { get; set; }

    /// <summary>The actor of a refused request's event: not the person (the request was not proven to be theirs).</summary>
    public const string Anonymous = "web:anonymous";

    public Kernel OpenKernel(string? actor = null) => Kernel.Open(Project.Root, Clock, actor ?? Actor, null);
}
