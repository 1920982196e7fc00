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
        new("aws-session-token", "AWS session token", AwsSession()),
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

        new("slack-app-token", "Slack app-level or refresh token (xapp-/xoxe-)", SlackApp()),
        new("stripe-webhook-secret", "Stripe webhook signing secret", StripeWebhook()),
        new("mailgun-key", "Mailgun API key", Mailgun()),
        new("discord-bot-token", "Discord bot token", DiscordBot()),
        new("discord-webhook", "Discord webhook URL", DiscordWebhook()),
        new("telegram-bot-token", "Telegram bot token", Telegram()),
        new("databricks-token", "Databricks token", Databricks()),
        new("vault-token", "HashiCorp Vault token", Vault()),
        new("postman-api-key", "Postman API key", Postman()),
        new("atlassian-token", "Atlassian API token", Atlassian()),
        new("linear-api-key", "Linear API key", Linear()),
        new("grafana-token", "Grafana service account or cloud token", Grafana()),
        new("age-secret-key", "age secret key", AgeKey()),
        new("azure-sas-signature", "Azure SAS signature", AzureSas()),
        new("cli-password", "password given on a command line (-p, --password, curl -u)", CliPassword()),
        new("new-relic-key", "New Relic key", NewRelic()),
        new("doppler-token", "Doppler token", Doppler()),
        new("pulumi-token", "Pulumi access token", Pulumi()),
        new("terraform-token", "Terraform Cloud token", Terraform()),
        new("sentry-token", "Sentry auth token", Sentry()),
        new("square-token", "Square access token", Square()),
        new("heroku-api-key", "Heroku API key", Heroku()),
        new("netlify-token", "Netlify token", Netlify()),
        new("fly-token", "Fly.io token", Fly()),
        new("cloudflare-token", "Cloudflare API token", Cloudflare()),
        new("dockerhub-pat", "Docker Hub personal access token", DockerHub()),
        new("gcp-service-account-key", "Google service account private key id", GcpPrivateKeyId()),

        // Generic: a sensitive name assigned a random-looking value (.env lines, config, CLI flags, JSON).
        new("generic-assignment", "secret-named assignment with a high-entropy value", GenericAssignment(), MinEntropy: 3.0),
        new("bare-token", "a long random token with no telling name", BareToken(), MinEntropy: 4.0),
    ];

    [GeneratedRegex(@"(?<secret>-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*))", O)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})", O)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^:/\s@""']{0,100}:(?<secret>[^@\s/""']{1,200})@", O)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\bauthorization[""']?\s*[:=]\s*[""']?(?:bearer|basic|token|bot)\s+(?<secret>[A-Za-z0-9._~+/=\-]{8,})", O)]
    private static partial Regex AuthHeader();

    [GeneratedRegex(@"\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b", O)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"(?i)aws.{0,20}?(?:secret|sk|key).{0,20}?[""'=:\s]{1,5}(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", O)]
    private static partial Regex AwsSecret();

    [GeneratedRegex(@"(?<secret>(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9/+=]{20,})|(?i:aws.{0,20}?session.{0,10}?token)[""']?\s*[:=]\s*[""']?(?<secret>[A-Za-z0-9/+=]{16,})", O)]
    private static partial Regex AwsSession();

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

    [GeneratedRegex(@"\b(?<secret>(?:xapp|xoxe(?:\.xox[bp])?)-[0-9A-Za-z\-]{10,})", O)]
    private static partial Regex SlackApp();

    [GeneratedRegex(@"\b(?<secret>whsec_[A-Za-z0-9+/=]{24,})", O)]
    private static partial Regex StripeWebhook();

    [GeneratedRegex(@"\b(?<secret>key-[0-9a-f]{32})\b", O)]
    private static partial Regex Mailgun();

    [GeneratedRegex(@"\b(?<secret>[MNO][A-Za-z\d_\-]{23,25}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,38})", O)]
    private static partial Regex DiscordBot();

    [GeneratedRegex(@"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/(?<secret>[A-Za-z0-9_\-]{20,})", O)]
    private static partial Regex DiscordWebhook();

    [GeneratedRegex(@"\b(?<secret>\d{8,10}:AA[0-9A-Za-z_\-]{33})", O)]
    private static partial Regex Telegram();

    [GeneratedRegex(@"\b(?<secret>dapi[a-f0-9]{32}(?:-\d)?)", O)]
    private static partial Regex Databricks();

    [GeneratedRegex(@"\b(?<secret>hv[sbr]\.[A-Za-z0-9_\-]{24,})", O)]
    private static partial Regex Vault();

    [GeneratedRegex(@"\b(?<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})", O)]
    private static partial Regex Postman();

    [GeneratedRegex(@"\b(?<secret>ATATT3[A-Za-z0-9_\-=]{50,}|ATCTT3[A-Za-z0-9_\-=]{50,})", O)]
    private static partial Regex Atlassian();

    [GeneratedRegex(@"\b(?<secret>lin_(?:api|oauth)_[A-Za-z0-9]{40,})", O)]
    private static partial Regex Linear();

    [GeneratedRegex(@"\b(?<secret>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})", O)]
    private static partial Regex Grafana();

    [GeneratedRegex(@"(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", O)]
    private static partial Regex AgeKey();

    [GeneratedRegex(@"[?&]sig=(?<secret>[A-Za-z0-9%+/=]{16,})", O)]
    private static partial Regex AzureSas();

    [GeneratedRegex(@"(?:\b(?:mysql|mysqladmin|mysqldump|mariadb|sshpass|mongo|mongosh)\b[^\n;|&]{0,160}?\s-p\s*|\b(?:docker|podman|helm|nerdctl|buildah|skopeo)\s+(?:registry\s+)?login\b[^\n;|&]{0,160}?\s-p\s+|\bredis-cli\b[^\n;|&]{0,160}?\s-a\s+|--password(?:=|\s+)|\bcurl\b[^\n;|&]{0,160}?\s(?:-u|--user)\s*[^\s:'""]+:)['""]?(?!\[REDACTED)(?<secret>[^\s'""]{4,})", O)]
    private static partial Regex CliPassword();

    [GeneratedRegex(@"\b(?<secret>NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_\-]{32})", O)]
    private static partial Regex NewRelic();

    [GeneratedRegex(@"\b(?<secret>dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})", O)]
    private static partial Regex Doppler();

    [GeneratedRegex(@"\b(?<secret>pul-[a-f0-9]{40})\b", O)]
    private static partial Regex Pulumi();

    [GeneratedRegex(@"\b(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70})", O)]
    private static partial Regex Terraform();

    [GeneratedRegex(@"\b(?<secret>sntr(?:y[su]|[su])_[A-Za-z0-9+/=_\-]{30,})", O)]
    private static partial Regex Sentry();

    [GeneratedRegex(@"\b(?<secret>EAAA[A-Za-z0-9_\-]{60}|sq0(?:atp|csp)-[0-9A-Za-z_\-]{22,43})", O)]
    private static partial Regex Square();

    [GeneratedRegex(@"\b(?<secret>HRKU-[A-Za-z0-9_\-]{60,})", O)]
    private static partial Regex Heroku();

    [GeneratedRegex(@"\b(?<secret>nfp_[A-Za-z0-9]{36})", O)]
    private static partial Regex Netlify();

    [GeneratedRegex(@"\b(?<secret>FlyV1 fm\d+_[A-Za-z0-9+/=,_\-]{40,})", O)]
    private static partial Regex Fly();

    [GeneratedRegex(@"(?i)cloudflare.{0,20}?[""'=:\s]{1,5}(?<secret>[A-Za-z0-9_\-]{40})\b", O)]
    private static partial Regex Cloudflare();

    [GeneratedRegex(@"\b(?<secret>dckr_pat_[A-Za-z0-9_\-]{27,})", O)]
    private static partial Regex DockerHub();

    [GeneratedRegex(@"""private_key_id""\s*:\s*""(?<secret>[a-f0-9]{40})""", O)]
    private static partial Regex GcpPrivateKeyId();

    // Upper, lower and digits mixed over 32+ characters: random, not a word, a path or a hex digest.
    [GeneratedRegex(@"(?<![A-Za-z0-9+_\-])(?<secret>(?=[A-Za-z0-9+_\-]*[A-Z])(?=[A-Za-z0-9+_\-]*[a-z])(?=[A-Za-z0-9+_\-]*[0-9])[A-Za-z0-9+_\-]{32,}={0,2})(?![A-Za-z0-9+_\-])", O)]
    private static partial Regex BareToken();

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
    [GeneratedRegex(@"(?i)(?:[a-z0-9_.\-]*(?:secret|token|passw(?:or)?d|pwd|api[_.\-]?key|access[_.\-]?key|private[_.\-]?key|credentials?|auth[_.\-]?key|session[_.\-]?key|signing[_.\-]?key|master[_.\-]?key|encryption[_.\-]?key|client[_.\-]?secret)[a-z0-9_.\-]*)[""']?(?:\s*(?:=|:=|=>|:)\s*|\s+)[""']?(?<secret>[^\s""'`,;<>()\[\]{}]{8,8192})", O)]
    private static partial Regex GenericAssignment();
}
