using System.Text.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Tests.Scopes;

/// <summary>
/// The prefix tree over active scopes must give exactly the answers of reading every active scope:
/// the same overlapping tasks (with the same example paths) and the same owner of a path.
/// </summary>
public sealed class ScopePrefixTreeTests : IDisposable
{
    private static readonly string[] Folders = ["src", "lib", "docs", "a", "b", "src/app", "src/api", "lib/gen", "a/b", "a/b/c", "x y", "ab"];
    private static readonly string[] Tails = ["**", "*", "*.ts", "**/*.ts", "api.*", "[ab]*", "x?", "form.ts", "**/README.md", "b/**", "app/**", "c"];
    private static readonly string[] Loose = ["README.md", "*.md", "**/api.*", "**", "*", "build/", "[sl]*/**", "*/app/**", "/README.md", "?rc/**"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kos-tree-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly LedgerStore _store;

    public ScopePrefixTreeTests()
    {
        Directory.CreateDirectory(_dir);
        _store = StoreFactory.OpenFile(Path.Combine(_dir, "ledger.db"), TimeProvider.System, create: true);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public void the_prefix_tree_gives_the_same_overlaps_and_owners_as_reading_every_scope_over_random_globs()
    {
        var rng = new Random(1616);
        var files = Enumerable.Range(0, 60).Select(_ => Fill(RandomGlob(rng))).Distinct().ToList();

        // A ledger written before the tree existed: scope rows only, and lookups read everything.
        var tasks = Enumerable.Range(0, 150).Select(i => Task(i, RandomPhase(rng), RandomScope(rng))).ToList();
        _store.Write(w =>
        {
            foreach (var t in tasks.Take(75))
            {
                w.PutRecord(ScopeIndex.RecordKind, t.Id, t.Id, JsonSerializer.Serialize(
                    new ScopeEntry(t.Id, t.Phase, t.Scope, null, null), ScopesJson.Default.ScopeEntry));
            }

            return 0;
        });
        Assert.Null(ScopePrefixTree.OverlapCandidates(_store, ["src/**"]));

        // The first save builds the tree from those rows; later saves move rows as scopes and phases change.
        Save(tasks.Skip(75));
        Save(tasks.Select((t, i) => i % 3 == 0 ? t with { Scope = RandomScope(rng) } : i % 3 == 1 ? t with { Phase = RandomPhase(rng) } : t));
        Assert.NotNull(ScopePrefixTree.OverlapCandidates(_store, ["src/**"]));

        var all = ScopeIndex.Active(_store);
        Assert.InRange(all.Count, 40, 140);
        var fewer = 0;
        var overlapping = 0;
        for (var probe = 0; probe < 400; probe++)
        {
            var scope = RandomScope(rng);
            var candidates = ScopeIndex.MayOverlap(_store, scope);
            fewer += candidates.Count < all.Count ? 1 : 0;
            var expected = ScopeOverlapGate.Conflicts("T-probe", scope, all, () => files).Select(c => $"{c.Other.Task} {c.Path}").ToList();
            var actual = ScopeOverlapGate.Conflicts("T-probe", scope, candidates, () => files).Select(c => $"{c.Other.Task} {c.Path}").ToList();
            overlapping += expected.Count > 0 ? 1 : 0;
            Assert.True(expected.SequenceEqual(actual), $"scope {string.Join(" ", scope)}: expected [{string.Join(", ", expected)}] got [{string.Join(", ", actual)}]");
        }

        Assert.InRange(overlapping, 100, 350);
        var owned = 0;
        for (var probe = 0; probe < 400; probe++)
        {
            var path = rng.Next(2) == 0 ? files[rng.Next(files.Count)] : Fill(RandomGlob(rng));
            var owner = Owner(all, path);
            owned += owner is null ? 0 : 1;
            Assert.Equal(owner, Owner(ScopeIndex.MayCover(_store, path), path));
        }

        Assert.InRange(owned, 50, 390);

        // The tree is what makes the lookups cheap: most probes read fewer scopes than all of them.
        Assert.True(fewer > 300, $"only {fewer} of 400 probes read fewer than every active scope");
    }

    [Fact]
    public void a_task_leaving_the_active_phases_leaves_the_tree()
    {
        var t = Task(1, Phase.Execute, ["src/app/**", "lib/gen/*.ts"]);
        var loose = Task(2, Phase.Execute, ["*.md"]);
        Save([t, loose]);
        Assert.Equal(["T-0001", "T-0002"], ScopePrefixTree.PathCandidates(_store, "src/app/x.cs")!.Order());
        Assert.Equal(["T-0001", "T-0002"], ScopePrefixTree.OverlapCandidates(_store, ["src/**"])!.Order());
        Assert.Equal(["T-0002"], ScopePrefixTree.OverlapCandidates(_store, ["docs/**"])!.Order());

        Save([t with { Scope = ["docs/**"] }, loose with { Phase = Phase.Done }]);
        Assert.Empty(ScopePrefixTree.PathCandidates(_store, "src/app/x.cs")!);
        Assert.Equal(["T-0001"], ScopePrefixTree.OverlapCandidates(_store, ["docs/api/**"])!.Order());

        Save([t with { Phase = Phase.Abandoned }]);
        Assert.Null(ScopePrefixTree.OverlapCandidates(_store, ["**"]));
        Assert.Empty(ScopeIndex.MayOverlap(_store, ["**"]));
        Assert.Empty(ScopePrefixTree.OverlapCandidates(_store, ["docs/**"])!);
    }

    private void Save(IEnumerable<TaskState> tasks) => _store.Write(w =>
    {
        foreach (var t in tasks)
        {
            ScopeIndex.Put(w, t);
        }

        return 0;
    });

    private static string? Owner(IEnumerable<ScopeEntry> entries, string path) =>
        entries.Where(e => e.Scope.Count > 0).FirstOrDefault(e => WriteScope.Compile(e.Scope).Matches(path))?.Task;

    private static TaskState Task(int i, Phase phase, IReadOnlyList<string> scope) => new()
    {
        Id = $"T-{i:D4}", Title = "t", Phase = phase, Scope = scope, CreatedAt = "", CreatedBy = "", UpdatedAt = "",
    };

    private static Phase RandomPhase(Random rng) =>
        rng.Next(4) == 0 ? (rng.Next(2) == 0 ? Phase.Done : Phase.Blocked) : (rng.Next(2) == 0 ? Phase.Execute : Phase.Route);

    private static string[] RandomScope(Random rng)
    {
        var n = rng.Next(4);
        var globs = Enumerable.Range(0, n).Select(_ => RandomGlob(rng)).ToList();
        if (n > 0 && rng.Next(5) == 0)
        {
            globs.Add("!" + RandomGlob(rng));
        }

        return [.. globs];
    }

    private static string RandomGlob(Random rng) => rng.Next(25) == 0
        ? Loose[rng.Next(Loose.Length)]
        : Folders[rng.Next(Folders.Length)] + "/" + Tails[rng.Next(Tails.Length)];

    private static string Fill(string glob) => ScopeOverlap.Fill(glob);
}
