namespace KnowledgeOS.Scopes;

/// <summary>
/// A task's write scope: gitignore-style globs evaluated in order, the last matching one deciding
/// (so <c>src/**</c> then <c>!src/generated/**</c> covers src/ except generated/). Paths are
/// repository-relative with '/' separators and already normalised (see the path normaliser).
/// </summary>
public sealed class WriteScope
{
    private readonly ScopeGlob[] _globs;
    private readonly bool _anyNegated;

    private WriteScope(ScopeGlob[] globs)
    {
        _globs = globs;
        _anyNegated = globs.Any(g => g.Negated);
    }

    public IReadOnlyList<ScopeGlob> Globs => _globs;

    public static WriteScope Compile(IEnumerable<string> globs) =>
        new(globs.Where(g => !string.IsNullOrWhiteSpace(g)).Select(ScopeGlob.Parse).ToArray());

    public bool Matches(string repoRelativePath)
    {
        if (!_anyNegated)
        {
            foreach (var g in _globs)
            {
                if (g.Matches(repoRelativePath))
                {
                    return true;
                }
            }

            return false;
        }

        for (var i = _globs.Length - 1; i >= 0; i--)
        {
            if (_globs[i].Matches(repoRelativePath))
            {
                return !_globs[i].Negated;
            }
        }

        return false;
    }
}
