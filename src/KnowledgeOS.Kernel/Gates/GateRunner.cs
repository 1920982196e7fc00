using KnowledgeOS.Project;

namespace KnowledgeOS.Gates;

/// <summary>Runs every applicable gate under its effective strictness.</summary>
public sealed class GateRunner(IReadOnlyList<IGate> gates)
{
    public IReadOnlyList<IGate> Gates => gates;

    public GateVerdict Run(GateContext context)
    {
        var refusals = new List<GateFinding>();
        var warnings = new List<GateFinding>();
        foreach (var gate in gates)
        {
            if (!gate.AppliesTo(context.Current.Phase, context.To))
            {
                continue;
            }

            var level = gate.Level(context.Config.For(gate.Name));
            if (level == Enforcement.Skip)
            {
                continue;
            }

            foreach (var reason in gate.Check(context))
            {
                (level == Enforcement.Enforce ? refusals : warnings).Add(new GateFinding(gate.Name, reason));
            }
        }

        return new GateVerdict(refusals, warnings);
    }

    /// <summary>The usual mapping: enforced from <paramref name="enforceFrom"/> up, a warning below it, nothing when off.</summary>
    public static Enforcement Standard(Strictness s, Strictness enforceFrom = Strictness.Standard) =>
        s == Strictness.Off ? Enforcement.Skip : s >= enforceFrom ? Enforcement.Enforce : Enforcement.Warn;
}
