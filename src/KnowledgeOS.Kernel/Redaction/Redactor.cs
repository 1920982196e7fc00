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
        if (text.Length < 8)
        {
            return new Redaction(text, []);
        }

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

        // Redact a window wider than the excerpt, so a secret straddling the cut is matched whole, then cut
        // back to a token boundary, so no fragment of a secret the rules could not match whole is kept.
        var window = Redact(text[..Math.Min(text.Length, ExcerptLength + 1024)]);
        rules = window.Rules;
        var cut = Math.Min(ExcerptLength, window.Text.Length);
        while (cut > 0 && cut < window.Text.Length && !char.IsWhiteSpace(window.Text[cut]) && !char.IsWhiteSpace(window.Text[cut - 1]))
        {
            cut--;
        }

        return new JsonObject
        {
            ["sha256"] = Sha256(text),
            ["chars"] = text.Length,
            ["excerpt"] = window.Text[..cut],
            ["truncated"] = true,
        };
    }

    /// <summary>
    /// Redacts every string and every key of a JSON tree in place, without bounding (the ledger's last
    /// line of defence: <see cref="Kernel.Append"/> scrubs every payload). Returns the rules that fired.
    /// </summary>
    public static void Scrub(JsonNode? node, List<string> rules, int depth = 0)
    {
        switch (node)
        {
            case JsonObject o when depth <= 64:
                foreach (var (k, v) in o.ToList())
                {
                    if (v is JsonValue leaf && leaf.TryGetValue(out string? s))
                    {
                        var r = Redact(s);
                        if (r.Changed)
                        {
                            rules.AddRange(r.Rules);
                            o[k] = r.Text;
                        }
                    }
                    else
                    {
                        Scrub(v, rules, depth + 1);
                    }

                    var key = Redact(k);
                    if (key.Changed)
                    {
                        // A secret used as a key: the entry moves to the redacted key (made unique).
                        rules.AddRange(key.Rules);
                        var value = o[k];
                        o.Remove(k);
                        var name = key.Text;
                        for (var i = 2; o.ContainsKey(name); i++)
                        {
                            name = $"{key.Text}#{i}";
                        }

                        o[name] = value;
                    }
                }

                break;
            case JsonArray a when depth <= 64:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue leaf && leaf.TryGetValue(out string? s))
                    {
                        var r = Redact(s);
                        if (r.Changed)
                        {
                            rules.AddRange(r.Rules);
                            a[i] = r.Text;
                        }
                    }
                    else
                    {
                        Scrub(a[i], rules, depth + 1);
                    }
                }

                break;
        }
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
                foreach (var (rawKey, v) in o)
                {
                    var redactedKey = Redact(rawKey);
                    rules.AddRange(redactedKey.Rules);
                    var k = redactedKey.Text;
                    for (var i = 2; copy.ContainsKey(k); i++)
                    {
                        k = $"{redactedKey.Text}#{i}";
                    }

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
