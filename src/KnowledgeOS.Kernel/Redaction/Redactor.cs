using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Redaction;

/// <summary>What redacting a text found: the cleaned text and the rule of each secret removed.</summary>
public sealed record Redaction(string Text, IReadOnlyList<string> Rules)
{
    public bool Changed => Rules.Count > 0;
}

/// <summary>
/// Removes secrets before anything reaches the ledger, and bounds what is stored: a long text is
/// kept as its SHA-256, its length and a redacted excerpt, so a 10 MB tool output costs a few KB.
/// </summary>
public static class Redactor
{
    /// <summary>Texts longer than this are stored as digest plus excerpt.</summary>
    public const int MaxStored = 4096;

    public const int ExcerptLength = 1024;

    public static Redaction Redact(string text, IReadOnlyList<SecretRule>? rules = null)
    {
        var found = new List<string>();
        foreach (var rule in rules ?? SecretRules.All)
        {
            if (!rule.Pattern.IsMatch(text))
            {
                continue;
            }

            text = rule.Pattern.Replace(text, m =>
            {
                var g = m.Groups[rule.Group];
                if (!g.Success || !rule.Accepts(g.Value))
                {
                    return m.Value;
                }

                found.Add(rule.Id);
                return string.Concat(m.Value.AsSpan(0, g.Index - m.Index), $"[REDACTED:{rule.Id}]", m.Value.AsSpan(g.Index - m.Index + g.Length));
            });
        }

        return new Redaction(text, found);
    }

    /// <summary>Every value of a <c>.env</c>-style file, whatever its name: such files hold secrets by convention.</summary>
    public static string RedactDotEnv(string content)
    {
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.TrimStart().StartsWith('#') && line.Length > eq + 1)
            {
                lines[i] = line[..(eq + 1)] + "[REDACTED:dotenv-value]";
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>A text as it may be stored: redacted, and bounded with its digest when long.</summary>
    public static JsonNode Bounded(string text, out IReadOnlyList<string> rules)
    {
        if (text.Length <= MaxStored)
        {
            var r = Redact(text);
            rules = r.Rules;
            return JsonValue.Create(r.Text)!;
        }

        var excerpt = Redact(text[..ExcerptLength]);
        rules = excerpt.Rules;
        return new JsonObject
        {
            ["sha256"] = Sha256(text),
            ["chars"] = text.Length,
            ["excerpt"] = excerpt.Text,
            ["truncated"] = true,
        };
    }

    /// <summary>A JSON tree with every string redacted and bounded (a copy; the input is untouched).</summary>
    public static JsonNode? Tree(JsonNode? node, List<string> rules, int depth = 0)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
            {
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    var value = depth > 32 ? JsonValue.Create("[too deep]") : Tree(v, rules, depth + 1);
                    if (v is JsonValue sv && sv.TryGetValue(out string? s) && SensitiveName(k) && s.Length >= 6 && !Entropy.LooksLikePlaceholder(s))
                    {
                        rules.Add("sensitive-field");
                        value = JsonValue.Create("[REDACTED:sensitive-field]");
                    }

                    copy[k] = value;
                }

                return copy;
            }

            case JsonArray a:
            {
                var copy = new JsonArray();
                foreach (var v in a)
                {
                    copy.Add(depth > 32 ? JsonValue.Create("[too deep]") : Tree(v, rules, depth + 1));
                }

                return copy;
            }

            default:
                if (node is JsonValue leaf && leaf.TryGetValue(out string? text))
                {
                    var stored = Bounded(text, out var found);
                    rules.AddRange(found);
                    return stored;
                }

                return node.DeepClone();
        }
    }

    private static bool SensitiveName(string name)
    {
        var n = name.ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal);
        return n is "password" or "passwd" or "secret" or "token" or "api_key" or "apikey" or "access_token" or "refresh_token"
            or "client_secret" or "private_key" or "authorization" or "x_api_key" or "auth_token";
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
