using System.Text.RegularExpressions;

namespace KnowledgeOS.Redaction;

/// <summary>
/// One kind of secret: a pattern whose <see cref="Group"/> is the secret itself (the rest is
/// context kept for readability), an optional entropy floor for generic rules that would
/// otherwise catch ordinary words, and the provider it belongs to.
/// </summary>
public sealed record SecretRule(string Id, string Description, Regex Pattern, string Group = "secret", double MinEntropy = 0)
{
    public bool Accepts(string secret) => MinEntropy <= 0 || (Entropy.Shannon(secret) >= MinEntropy && !Entropy.LooksLikePlaceholder(secret));
}
