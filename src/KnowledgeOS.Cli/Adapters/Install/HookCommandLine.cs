using System.Text.RegularExpressions;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The command line an agent runs for a kos hook. Agents treat a hook that cannot start (exit 127),
/// crashes (signal), or times out as a non-blocking error and let the tool call through, so every
/// command is wrapped: any exit but 0 and 2 becomes 2 with a reason on stderr (the one deny Claude
/// Code, Codex, Gemini CLI and Cursor all honour), and coreutils' <c>timeout</c>, when present,
/// ends a stuck kos before the agent's own timeout (which would allow). The executable is the
/// <c>kos</c> on PATH, never a build path, so committed settings work in every clone.
/// </summary>
internal static partial class HookCommandLine
{
    /// <summary>Seconds the wrapper gives kos (its own watchdog answers after 8); the agent's timeout is <see cref="AgentTimeoutSeconds"/>.</summary>
    public const int DeadlineSeconds = 25;

    /// <summary>What kos asks the agent to wait: longer than the wrapper's deadline, so the wrapper always answers first.</summary>
    public const int AgentTimeoutSeconds = 30;

    /// <summary><c>kos</c> on PATH, unless KOS_HOOK_COMMAND names another way to start it (a person's explicit choice).</summary>
    public static string Executable(Func<string, string?> env) =>
        env("KOS_HOOK_COMMAND") is { Length: > 0 } explicitCommand ? explicitCommand : "kos";

    /// <summary>The fail-closed command for one agent event.</summary>
    public static string For(string kos, string agent, string argument)
    {
        var call = $"{kos} hook {agent} {argument}";
        var script =
            $"if command -v timeout >/dev/null 2>&1; then timeout -k 2 ${{KOS_HOOK_DEADLINE:-{DeadlineSeconds}}} {call}; else {call}; fi; " +
            "s=$?; [ $s -eq 0 ] && exit 0; " +
            $"[ $s -eq 2 ] || echo \"kos: the {agent} hook could not run kos (exit $s; 127: kos is not on PATH, 124: timed out), so this is refused. " +
            "Put kos on PATH, then check with: kos hooks status\" >&2; exit 2";
        return $"sh -c '{script.Replace("'", "'\\''", StringComparison.Ordinal)}'";
    }

    /// <summary>True for a command kos installed for <paramref name="agent"/>: the wrapped form, or the bare <c>… kos hook AGENT EVENT</c> of older installs.</summary>
    public static bool IsKos(string? command, string agent) =>
        command is not null &&
        (command.StartsWith("sh -c '", StringComparison.Ordinal) && command.EndsWith("exit 2'", StringComparison.Ordinal) && command.Contains($" hook {agent} ", StringComparison.Ordinal) ||
         Regex.IsMatch(command, $@"(^|[/\\\s""'])kos(\.dll)?[""']?\s+hook\s+{Regex.Escape(agent)}\s+\S+\s*$"));

    /// <summary>The same command with the <c>ping</c> event, to check that it reaches a working kos.</summary>
    public static string Ping(string command) => EventWord().Replace(command, "$1ping");

    /// <summary>Whether <c>kos</c> resolves on <paramref name="path"/> (PATH) to an executable file.</summary>
    public static bool OnPath(string? path) =>
        (path ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "kos")));

    [GeneratedRegex(@"(\bhook\s+[\w-]+\s+)[\w-]+")]
    private static partial Regex EventWord();
}
