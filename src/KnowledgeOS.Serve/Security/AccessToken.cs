using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOS.Serve.Security;

/// <summary>The per-run secret in the printed URL: 256 random bits, compared in constant time.</summary>
internal static class AccessToken
{
    public const string Cookie = "kos_token";
    public const string Field = "token";
    public const string Header = "X-Kos-Token";

    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
