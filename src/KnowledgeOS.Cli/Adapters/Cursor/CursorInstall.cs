using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Cursor;

/// <summary>Cursor: <c>.cursor/hooks.json</c> (<c>{"version":1,"hooks":{EVENT:[{"command":…}]}}</c>), project or <c>~/.cursor</c>.</summary>
internal static class CursorInstall
{
    private static readonly HookSpec[] Specs =
        [.. new[] { "beforeShellExecution", "beforeMCPExecution", "afterFileEdit", "beforeSubmitPrompt", "stop" }.Select(e => new HookSpec(e, null, e))];

    public static IHookTarget Target { get; } = new FlatHooksFile("cursor", Specs, "command", null,
        root => Path.Combine(root, ".cursor", "hooks.json"),
        env => Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cursor", "hooks.json"));
}
