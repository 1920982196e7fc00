using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeOS.Cli.Adapters.Install;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos hooks install|uninstall|status</c>.</summary>
internal static partial class HookCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var hooks = new Command("hooks", "Install, remove and check the agent hooks that let kos govern Claude Code, Codex, Gemini CLI, Cursor, Copilot CLI, Qwen Code, OpenCode and git.");
        foreach (var verb in new[] { "install", "uninstall" })
        {
            var agent = new Option<string[]>("--agent") { Description = "claude, codex, gemini, cursor, copilot, qwen, opencode or git (repeat, or 'all').", Required = true };
            var scope = new Option<string>("--scope") { Description = "project (files in this repository) or user (your home folder).", DefaultValueFactory = _ => "project" };
            var dryRun = new Option<bool>("--dry-run") { Description = "Show the unified diff of what would change in each file; write nothing." };
            var trust = new Option<bool>("--trust") { Description = "Also trust this project in the agent (Codex project trust, Gemini CLI trusted folders), without which it skips the project's hooks." };
            var cmd = new Command(verb, verb == "install"
                ? "Merge kos's hooks into the agent's configuration (idempotent; keeps everything else; backs the file up)."
                : "Remove exactly the hooks kos added, nothing else.") { agent, scope, dryRun };
            if (verb == "install")
            {
                cmd.Options.Add(trust);
            }

            cmd.SetAction(pr => Install(ctx, pr, verb == "install", CommonOptions.SplitList(pr.GetValue(agent)), pr.GetValue(scope)!, verb == "install" && pr.GetValue(trust), pr.GetValue(dryRun)));
            hooks.Subcommands.Add(cmd);
        }

        var status = new Command("status", "Show which kos hooks are installed, and run each to check it reaches a working kos.");
        status.SetAction(pr => Status(ctx, pr.GetValue(CommonOptions.Json)));
        hooks.Subcommands.Add(status);
        yield return hooks;

    }

    /// <summary>Installs or removes the Claude Code fence (sandbox settings) of this work tree; says where and how.</summary>
    private static string Fence(CliContext ctx, KosProject project, bool install)
    {
        if (!install)
        {
            return Cli.Fence.FenceUpdate.Uninstall(project) ? "sandbox fence removed" : "no sandbox fence";
        }

        using var kernel = CommonOptions.OpenKernel(ctx);
        var plan = Cli.Fence.FenceUpdate.Install(kernel);
        return $"sandbox fence in {Path.GetRelativePath(project.Root, Adapters.Claude.ClaudeFence.SettingsPath(project.Root))}: {plan.DenyWrite.Count} paths unwritable" +
               (Cli.Fence.Sandbox.Missing() is { } missing ? $"; {missing}" : "");
    }

    private static int Install(CliContext ctx, ParseResult pr, bool install, List<string> agents, string scope, bool trust, bool dryRun)
    {
        if (scope is not ("project" or "user"))
        {
            throw KosException.Input($"--scope {scope}: say project or user.");
        }

        if (agents.Contains("all"))
        {
            agents = [.. Adapters.Adapters.Names];
        }

        var project = KosProject.Locate(ctx.Cwd);
        var kos = HookTargets.KosCommand(ctx.Env);
        var results = new JsonArray();
        var failed = new List<(string Agent, int Code)>();
        foreach (var agent in agents.Distinct())
        {
            var target = HookTargets.Find(agent) ?? throw KosException.Input($"--agent {agent}: kos has hooks for {string.Join(", ", Adapters.Adapters.Names)}.");
            var file = target.File(project.Root, scope, ctx.Env);
            InstallResult r;
            try
            {
                r = install ? target.Install(file, kos, dryRun) : target.Uninstall(file, dryRun);
                if (agent == "claude" && scope == "project" && project.IsInitialised && !dryRun)
                {
                    r = r with { Note = Fence(ctx, project, install) };
                }
            }
            catch (Exception e) when (e is KosException or IOException or UnauthorizedAccessException && agents.Distinct().Count() > 1)
            {
                // One agent's broken file does not stop the others: each agent's outcome is reported.
                failed.Add((agent, e is KosException { Kind: KosErrorKind.Input } ? ExitCodes.Input : ExitCodes.Environment));
                results.Add((JsonNode)new JsonObject { ["agent"] = agent, ["file"] = file, ["changed"] = false, ["error"] = e.Message });
                ctx.Err.WriteLine($"kos: {agent}: FAILED: {e.Message}");
                continue;
            }

            var trusted = install && trust && scope == "project" && !dryRun ? target.Trust(project.Root, ctx.Env) : null;
            // Installed is not working: say so when the agent will skip these hooks, and how to fix it.
            var wontFire = install && !dryRun ? target.WillNotFire(project.Root, scope, file, ctx.Env) : null;
            if (wontFire is not null)
            {
                ctx.Err.WriteLine($"kos: WARNING: {agent} will not run these hooks yet. {wontFire}");
            }

            results.Add((JsonNode)new JsonObject
            {
                ["agent"] = r.Agent, ["file"] = r.File, ["changed"] = r.Changed, ["backup"] = r.Backup,
                ["entries"] = Output.Strings(r.Entries), ["note"] = r.Note, ["trusted"] = trusted, ["willNotFire"] = wontFire, ["diff"] = r.Diff,
            });
            if (!pr.GetValue(CommonOptions.Json))
            {
                var verb = dryRun ? r.Diff is null ? "unchanged" : install ? "would install in" : "would remove from"
                    : r.Changed ? install ? "installed in" : "removed from" : "unchanged";
                ctx.Out.WriteLine($"{r.Agent}: {verb} {r.File}{(r.Note is null ? "" : $" ({r.Note})")}");
                if (trusted is not null)
                {
                    ctx.Out.WriteLine($"  {trusted}");
                }

                if (r.Diff is not null)
                {
                    ctx.Out.Write(r.Diff);
                }
                else
                {
                    foreach (var entry in r.Entries)
                    {
                        ctx.Out.WriteLine($"  {entry}");
                    }
                }

                if (r.Backup is not null)
                {
                    ctx.Err.WriteLine($"  backup: {r.Backup}");
                }
            }
        }

        var done = agents.Distinct().Where(a => failed.All(f => f.Agent != a)).ToHashSet(StringComparer.Ordinal);
        if (scope == "project" && !dryRun && project.IsInitialised && done.Count > 0)
        {
            // What kos just wrote is governance: its hash goes in the ledger, and postflight names any later change.
            using var kernel = CommonOptions.OpenKernel(ctx);
            kernel.Governance.Seal(project, install ? "hooks install" : "hooks uninstall", done, config: false);
        }

        if (install && kos == "kos" && !HookCommandLine.OnPath(ctx.Env("PATH")))
        {
            ctx.Err.WriteLine("kos: warning: 'kos' is not on PATH, so every hooked tool call will be refused until it is. Put the kos executable in a folder on PATH.");
        }

        if (install && !project.IsInitialised)
        {
            ctx.Err.WriteLine("kos: note: this repository is not initialised, so the hooks will do nothing until you run 'kos init'.");
        }

        if (pr.GetValue(CommonOptions.Json))
        {
            Output.Json(ctx, results);
        }

        if (failed.Count > 0)
        {
            ctx.Err.WriteLine($"kos: {failed.Count} of {agents.Distinct().Count()} agent(s) failed: {string.Join(", ", failed.Select(f => f.Agent))}; the others were done (see above).");
            return failed.Max(f => f.Code);
        }

        return ExitCodes.Ok;
    }

    private static int Status(CliContext ctx, bool json)
    {
        var project = KosProject.Locate(ctx.Cwd);
        var rows = new JsonArray();
        var broken = 0;
        foreach (var agent in Adapters.Adapters.Names)
        {
            var target = HookTargets.Find(agent)!;
            foreach (var scope in agent == "git" ? ["project"] : new[] { "project", "user" })
            {
                var file = target.File(project.Root, scope, ctx.Env);
                var installed = target.Installed(file);
                if (installed.Count == 0)
                {
                    continue;
                }

                var wontFire = target.WillNotFire(project.Root, scope, file, ctx.Env);
                foreach (var command in installed.Select(i => i.Command).Distinct())
                {
                    // A command that cannot reach kos is broken whatever the agent thinks of the folder; one that can still never runs while the agent skips it.
                    var (ok, detail) = Probe(command, project.Root);
                    var skipped = ok && wontFire is not null;
                    (ok, detail) = skipped ? (false, wontFire!) : (ok, detail);
                    broken += ok ? 0 : 1;
                    var events = installed.Where(i => i.Command == command).Select(i => i.Event).ToList();
                    rows.Add((JsonNode)new JsonObject
                    {
                        ["agent"] = agent, ["scope"] = scope, ["file"] = file, ["events"] = Output.Strings(events),
                        ["command"] = command, ["works"] = ok, ["detail"] = detail,
                    });
                    if (!json)
                    {
                        ctx.Out.WriteLine($"{agent} ({scope}) {project.Relative(file)}: {string.Join(", ", events)}");
                        ctx.Out.WriteLine($"  {(ok ? "ok" : skipped ? "WILL NOT FIRE" : "BROKEN")}: {command}{(ok ? "" : $" — {detail}")}");
                    }
                }
            }
        }

        var fenced = File.Exists(Adapters.Claude.ClaudeFence.SettingsPath(project.Root)) && Cli.Fence.FenceUpdate.IsInstalled(project);
        var sandbox = Cli.Fence.Sandbox.Missing();
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["hooks"] = rows, ["broken"] = broken, ["fence"] = fenced, ["sandbox"] = sandbox ?? "available" });
        }
        else
        {
            ctx.Out.WriteLine(fenced
                ? $"fence: Claude Code sandbox settings in {project.Relative(Adapters.Claude.ClaudeFence.SettingsPath(project.Root))} (kept in step with the tasks)"
                : "fence: none (installed with 'kos hooks install --agent claude'; 'kos agent AGENT' fences any agent)");
            if (sandbox is not null)
            {
                ctx.Out.WriteLine($"  WARNING: {sandbox}");
            }

            if (rows.Count == 0)
            {
                ctx.Out.WriteLine("No kos hooks installed. Install them with 'kos hooks install --agent claude' (or codex, gemini, cursor, git).");
            }
        }

        if (broken > 0 && !json)
        {
            ctx.Err.WriteLine($"kos: {broken} hook command(s) will not run or do not reach a working kos (see above); reinstall with 'kos hooks install --agent AGENT'.");
        }

        return broken > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }

    /// <summary>Runs the installed command with the <c>ping</c> event, exactly as the agent would start it.</summary>
    private static (bool Ok, string Detail) Probe(string command, string root)
    {
        var ping = HookCommandLine.Ping(command);
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ping);
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                p.Kill(entireProcessTree: true);
                return (false, "did not answer within 20 s");
            }

            return stdout.StartsWith("KOS_HOOK_OK", StringComparison.Ordinal)
                ? (true, stdout.Trim())
                : (false, $"exit {p.ExitCode}: {(stderr.Result.Trim() is { Length: > 0 } e ? e : stdout.Trim())}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
