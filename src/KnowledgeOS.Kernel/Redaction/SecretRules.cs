using System.Text.RegularExpressions;

namespace KnowledgeOS.Redaction;

/// <summary>
/// The rule set, organised like gitleaks': provider tokens with a fixed shape first (precise, no
/// entropy needed), then structural secrets (private keys, JWTs, credentials in URLs, auth headers),
/// then generic assignments that also need high entropy. Each rule has a test.
/// </summary>
public static partial class SecretRules
{
    private const RegexOptions O = RegexOptions.CultureInvariant;

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        // Structural: whole blocks and credentials embedded in other syntax.
        new("private-key", "PEM private key block", PrivateKey(), "secret"),
        new("jwt", "JSON Web Token", Jwt()),
        new("url-password", "password in a URL", UrlPassword()),
        new("auth-header", "Authorization header credential", AuthHeader()),

        // Providers.
        new("aws-access-key-id", "AWS access key ID", AwsKeyId()),
        new("aws-secret-access-key", "AWS secret access key", AwsSecret(), MinEntropy: 3.5),
        new("github-token", "GitHub token (ghp_/gho_/ghu_/ghs_/ghr_)", GitHubToken()),
        new("github-fine-grained-pat", "GitHub fine-grained PAT", GitHubFineGrained()),
        new("gitlab-token", "GitLab token", GitLab()),
        new("anthropic-api-key", "Anthropic API key", Anthropic()),
        new("openai-api-key", "OpenAI API key", OpenAi()),
        new("google-api-key", "Google API key", GoogleApiKey()),
        new("google-oauth-secret", "Google OAuth client secret", GoogleOauth()),
        new("slack-token", "Slack token", SlackToken()),
        new("slack-webhook", "Slack webhook URL", SlackWebhook()),
        new("stripe-key", "Stripe secret or restricted key", Stripe()),
        new("sendgrid-api-key", "SendGrid API key", SendGrid()),
        new("twilio-api-key", "Twilio API key", Twilio()),
        new("npm-token", "npm access token", Npm()),
        new("pypi-token", "PyPI upload token", PyPi()),
        new("huggingface-token", "Hugging Face token", HuggingFace()),
        new("azure-storage-key", "Azure storage account key", AzureStorage()),
        new("digitalocean-token", "DigitalOcean token", DigitalOcean()),
        new("shopify-token", "Shopify access token", Shopify()),

        // Generic: a sensitive name assigned a random-looking value (.env lines, config, CLI flags, JSON).
        new("generic-assignment", "secret-named assignment with a high-entropy value", GenericAssignment(), MinEntropy: 3.0),
    ];

    [GeneratedRegex(@"(?<secret>-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*))", O)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})", O)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^:/\s@""']{1,100}:(?<secret>[^@\s/""']{1,200})@", O)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\bauthorization[""']?\s*[:=]\s*[""']?(?:bearer|basic|token|bot)\s+(?<secret>[A-Za-z0-9._~+/=\-]{8,})", O)]
    private static partial Regex AuthHeader();

    [GeneratedRegex(@"\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b", O)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"(?i)aws.{0,20}?(?:secret|sk|key).{0,20}?[""'=:\s]{1,5}(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", O)]
    private static partial Regex AwsSecret();

    [GeneratedRegex(@"\b(?<secret>gh[pousr]_[0-9A-Za-z]{36,255})\b", O)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\b(?<secret>github_pat_[0-9A-Za-z_]{22,255})\b", O)]
    private static partial Regex GitHubFineGrained();

    [GeneratedRegex(@"\b(?<secret>gl(?:pat|dt|rt|ptt|cbt|oas)-[0-9A-Za-z_\-]{20,})", O)]
    private static partial Regex GitLab();

    [GeneratedRegex(@"\b(?<secret>sk-ant-[a-z0-9]{3,10}-[A-Za-z0-9_\-]{20,})", O)]
    private static partial Regex Anthropic();

    [GeneratedRegex(@"\b(?<secret>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,})", O)]
    private static partial Regex OpenAi();

    [GeneratedRegex(@"\b(?<secret>AIza[0-9A-Za-z_\-]{35})", O)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\b(?<secret>GOCSPX-[0-9A-Za-z_\-]{28})", O)]
    private static partial Regex GoogleOauth();

    [GeneratedRegex(@"\b(?<secret>xox[abposr]-(?:\d+-)?[0-9A-Za-z\-]{10,})", O)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<secret>https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/_\-]{20,})", O)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\b(?<secret>(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{16,})", O)]
    private static partial Regex Stripe();

    [GeneratedRegex(@"\b(?<secret>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})", O)]
    private static partial Regex SendGrid();

    [GeneratedRegex(@"\b(?<secret>SK[0-9a-fA-F]{32})\b", O)]
    private static partial Regex Twilio();

    [GeneratedRegex(@"\b(?<secret>npm_[A-Za-z0-9]{36})\b", O)]
    private static partial Regex Npm();

    [GeneratedRegex(@"\b(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})", O)]
    private static partial Regex PyPi();

    [GeneratedRegex(@"\b(?<secret>hf_[A-Za-z]{34})\b", O)]
    private static partial Regex HuggingFace();

    [GeneratedRegex(@"AccountKey=(?<secret>[A-Za-z0-9+/=]{86,88})", O)]
    private static partial Regex AzureStorage();

    [GeneratedRegex(@"\b(?<secret>do[por]_v1_[a-f0-9]{64})\b", O)]
    private static partial Regex DigitalOcean();

    [GeneratedRegex(@"\b(?<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b", O)]
    private static partial Regex Shopify();

    // name = value, name: value, "name": "value", --name value, NAME=value in .env files.
    [GeneratedRegex(@"(?i)(?:[a-z0-9_.\-]*(?:secret|token|passw(?:or)?d|pwd|api[_.\-]?key|access[_.\-]?key|private[_.\-]?key|credentials?|auth[_.\-]?key|session[_.\-]?key|signing[_.\-]?key|client[_.\-]?secret)[a-z0-9_.\-]*)[""']?(?:\s*(?:=|:=|=>|:)\s*|\s+)[""']?(?<secret>[^\s""'`,;<>()\[\]{}]{8,256})", O)]
    private static partial Regex GenericAssignment();
}
