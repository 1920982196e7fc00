using KnowledgeOS.Governance;

namespace KnowledgeOS.Postflight;

/// <summary>The config and kos's hook entries are as kos last recorded them; each difference is named with the command that fixes it.</summary>
internal static class GovernanceChecks
{
    public static void Run(PostflightContext c)
    {
        var tree = c.Kernel.Project;
        var (drift, seal) = c.Kernel.Governance.Drift(tree);
        if (seal is null)
        {
            c.Notes.Add("governance: kos has not recorded this work tree's config and hook entries yet ('kos init' or 'kos hooks install' records them)");
            return;
        }

        if (!GovernanceSources.Registered)
        {
            c.Notes.Add("governance: only the config was compared here; 'kos postflight' also compares kos's hook entries");
        }

        foreach (var d in drift)
        {
            if (d.Blocking)
            {
                c.Problem("governance", d.Message, d.Fix, [d.File]);
            }
            else
            {
                c.Notes.Add($"governance: {d.Message}; {d.Fix}");
            }
        }
    }
}
