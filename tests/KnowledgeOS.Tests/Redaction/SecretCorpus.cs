namespace KnowledgeOS.Testing.Redaction;

/// <summary>
/// Realistic secrets in more than a hundred formats, each generated fresh (random body, the
/// provider's real prefix, length and alphabet) and shown in the context it is usually found in.
/// </summary>
public static class SecretCorpus
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Alnum = Upper + Lower + Digits;
    private const string Hex = "0123456789abcdef";
    private const string B64 = Alnum + "+/";
    private const string Url = Alnum + "_-";

    /// <summary>A format: its name, and a generator giving (the secret itself, the text it appears in).</summary>
    public sealed record Format(string Name, Func<Random, (string Secret, string Text)> Make);

    private static string R(Random r, string alphabet, int n)
    {
        var c = new char[n];
        for (var i = 0; i < n; i++)
        {
            c[i] = alphabet[r.Next(alphabet.Length)];
        }

        // Random bodies get every class the alphabet offers, as real tokens do.
        if (n >= 6 && alphabet.Contains('A') && alphabet.Contains('a') && alphabet.Contains('0'))
        {
            c[0] = Upper[r.Next(26)];
            c[1] = Lower[r.Next(26)];
            c[2] = Digits[r.Next(10)];
        }

        return new string(c);
    }

    private static Format F(string name, Func<Random, string> secret, Func<string, string>? context = null) =>
        new(name, r =>
        {
            var s = secret(r);
            return (s, context is null ? s : context(s));
        });

    public static IReadOnlyList<Format> All { get; } =
    [
        F("aws-access-key-id", r => "AKIA" + R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), s => $"aws_access_key_id = {s}"),
        F("aws-secret-access-key", r => R(r, B64, 40), s => $"aws_secret_access_key = {s}"),
        F("aws-session-token", r => "IQoJb3JpZ2luX2VjE" + R(r, B64, 380), s => $"aws_session_token = {s}"),
        F("aws-temp-key-id", r => "ASIA" + R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), s => $"AWS_ACCESS_KEY_ID={s}"),
        F("github-pat", r => "ghp_" + R(r, Alnum, 36), s => $"git clone https://x:{s}@github.com/o/r"),
        F("github-oauth", r => "gho_" + R(r, Alnum, 36)),
        F("github-user-to-server", r => "ghu_" + R(r, Alnum, 36)),
        F("github-server-to-server", r => "ghs_" + R(r, Alnum, 36)),
        F("github-refresh", r => "ghr_" + R(r, Alnum, 76)),
        F("github-fine-grained", r => "github_pat_" + R(r, Alnum, 22) + "_" + R(r, Alnum, 59)),
        F("gitlab-pat", r => "glpat-" + R(r, Url, 20)),
        F("gitlab-deploy", r => "gldt-" + R(r, Url, 20)),
        F("gitlab-runner", r => "glrt-" + R(r, Url, 20)),
        F("anthropic", r => "sk-ant-api03-" + R(r, Url, 93) + "AA"),
        F("anthropic-admin", r => "sk-ant-admin01-" + R(r, Url, 93) + "AA"),
        F("openai-project", r => "sk-proj-" + R(r, Url, 74) + "T3BlbkFJ" + R(r, Url, 74)),
        F("openai-legacy", r => "sk-" + R(r, Alnum, 20) + "T3BlbkFJ" + R(r, Alnum, 20)),
        F("openai-svcacct", r => "sk-svcacct-" + R(r, Url, 60)),
        F("google-api-key", r => "AIza" + R(r, Url, 35)),
        F("google-oauth-secret", r => "GOCSPX-" + R(r, Url, 28)),
        F("slack-bot", r => "xoxb-" + R(r, Digits, 12) + "-" + R(r, Digits, 13) + "-" + R(r, Alnum, 24)),
        F("slack-user", r => "xoxp-" + R(r, Digits, 12) + "-" + R(r, Digits, 12) + "-" + R(r, Digits, 13) + "-" + R(r, Hex, 32)),
        F("slack-app", r => "xapp-1-A" + R(r, Upper + Digits, 10) + "-" + R(r, Digits, 13) + "-" + R(r, Hex, 64)),
        F("slack-refresh", r => "xoxe-1-" + R(r, Alnum, 140)),
        F("slack-config", r => "xoxe.xoxp-1-" + R(r, Alnum, 140)),
        F("slack-webhook", r => "https://hooks.slack.com/services/T" + R(r, Upper + Digits, 8) + "/B" + R(r, Upper + Digits, 8) + "/" + R(r, Alnum, 24)),
        F("stripe-live", r => "sk_live_" + R(r, Alnum, 99)),
        F("stripe-test", r => "sk_test_" + R(r, Alnum, 99)),
        F("stripe-restricted", r => "rk_live_" + R(r, Alnum, 99)),
        F("stripe-webhook", r => "whsec_" + R(r, Alnum, 32)),
        F("sendgrid", r => "SG." + R(r, Url, 22) + "." + R(r, Url, 43)),
        F("twilio", r => "SK" + R(r, Hex, 32)),
        F("npm", r => "npm_" + R(r, Alnum, 36), s => $"//registry.npmjs.org/:_authToken={s}"),
        F("pypi", r => "pypi-AgEIcHlwaS5vcmc" + R(r, Url, 70)),
        F("huggingface", r => "hf_" + R(r, Upper + Lower, 34)),
        F("azure-storage", r => R(r, B64, 86) + "==", s => $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={s};EndpointSuffix=core.windows.net"),
        F("azure-sas", r => R(r, Alnum + "%", 44), s => $"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01&sig={s}"),
        F("digitalocean-pat", r => "dop_v1_" + R(r, Hex, 64)),
        F("digitalocean-oauth", r => "doo_v1_" + R(r, Hex, 64)),
        F("shopify-access", r => "shpat_" + R(r, Hex, 32)),
        F("shopify-shared", r => "shpss_" + R(r, Hex, 32)),
        F("mailgun", r => "key-" + R(r, Hex, 32)),
        F("discord-bot", r => "M" + R(r, Url, 25) + "." + R(r, Url, 6) + "." + R(r, Url, 38)),
        F("discord-webhook", r => R(r, Url, 68), s => $"https://discord.com/api/webhooks/1234567890123456789/{s}"),
        F("telegram-bot", r => R(r, Digits, 10) + ":AA" + R(r, Url, 33)),
        F("databricks", r => "dapi" + R(r, Hex, 32)),
        F("vault-service", r => "hvs." + R(r, Url, 90)),
        F("vault-batch", r => "hvb." + R(r, Url, 138)),
        F("postman", r => "PMAK-" + R(r, Hex, 24) + "-" + R(r, Hex, 34)),
        F("atlassian", r => "ATATT3xFfGF0" + R(r, Url, 180) + "=" + R(r, Upper + Digits, 8)),
        F("linear", r => "lin_api_" + R(r, Alnum, 40)),
        F("grafana-sa", r => "glsa_" + R(r, Alnum, 32) + "_" + R(r, Hex, 8)),
        F("grafana-cloud", r => "glc_" + R(r, B64, 80) + "=="),
        F("age", r => "AGE-SECRET-KEY-1" + R(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)),
        F("new-relic-user", r => "NRAK-" + R(r, Upper + Digits, 27)),
        F("doppler", r => "dp.pt." + R(r, Alnum, 43)),
        F("pulumi", r => "pul-" + R(r, Hex, 40)),
        F("terraform-cloud", r => R(r, Alnum, 14) + ".atlasv1." + R(r, Url, 67)),
        F("sentry", r => "sntrys_" + R(r, B64, 120)),
        F("square", r => "EAAA" + R(r, Url, 60)),
        F("square-oauth", r => "sq0csp-" + R(r, Url, 43)),
        F("heroku", r => "HRKU-" + R(r, Url, 60)),
        F("netlify", r => "nfp_" + R(r, Alnum, 36)),
        F("fly", r => "FlyV1 fm2_" + R(r, B64, 200)),
        F("dockerhub", r => "dckr_pat_" + R(r, Url, 27)),
        F("jwt", r => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + R(r, Url, 60) + "." + R(r, Url, 43)),
        F("pem-rsa", r => "-----BEGIN RSA PRIVATE KEY-----\nMIIEow" + R(r, B64, 64) + "\n" + R(r, B64, 64) + "\n-----END RSA PRIVATE KEY-----"),
        F("pem-pkcs8", r => "-----BEGIN PRIVATE KEY-----\nMIIEvQ" + R(r, B64, 64) + "\n" + R(r, B64, 64) + "\n-----END PRIVATE KEY-----"),
        F("pem-ec", r => "-----BEGIN EC PRIVATE KEY-----\nMHcCAQ" + R(r, B64, 64) + "\n-----END EC PRIVATE KEY-----"),
        F("pem-openssh", r => "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE" + R(r, B64, 64) + "\n-----END OPENSSH PRIVATE KEY-----"),
        F("pgp-private", r => "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBF" + R(r, B64, 64) + "\n-----END PGP PRIVATE KEY BLOCK-----"),
        F("postgres-url", r => R(r, Alnum, 16), s => $"DATABASE_URL=postgresql://app:{s}@db.internal:5432/app"),
        F("mysql-url", r => R(r, Alnum, 16), s => $"mysql://root:{s}@127.0.0.1:3306/db"),
        F("mongodb-url", r => R(r, Alnum, 16), s => $"mongodb+srv://admin:{s}@cluster0.mongodb.net/test"),
        F("redis-url", r => R(r, Alnum, 16), s => $"REDIS_URL=redis://:{s}@cache:6379/0"),
        F("amqp-url", r => R(r, Alnum, 16), s => $"amqp://guest:{s}@rabbit:5672/"),
        F("ftp-url", r => R(r, Alnum, 12), s => $"ftp://deploy:{s}@ftp.example.org/"),
        F("https-basic-url", r => R(r, Alnum, 14), s => $"https://user:{s}@internal.example.org/api"),
        F("bearer-header", r => R(r, Url, 40), s => $"curl -H \"Authorization: Bearer {s}\" https://api.example.org"),
        F("basic-header", r => R(r, B64, 32) + "=", s => $"Authorization: Basic {s}"),
        F("token-header", r => R(r, Hex, 40), s => $"authorization: token {s}"),
        F("curl-user", r => R(r, Alnum, 14), s => $"curl -u admin:{s} https://jenkins.internal/api"),
        F("mysql-p", r => R(r, Alnum, 12), s => $"mysql -uroot -p{s} app"),
        F("sshpass", r => R(r, Alnum, 12), s => $"sshpass -p '{s}' ssh deploy@host"),
        F("docker-login", r => R(r, Alnum, 16), s => $"docker login -u bot -p {s} registry.example.org"),
        F("password-flag", r => R(r, Alnum, 14), s => $"./deploy.sh --password={s}"),
        F("redis-cli-a", r => R(r, Alnum, 16), s => $"redis-cli -h cache -a {s} PING"),
        F("env-password", r => R(r, Alnum + "!@#%", 18), s => $"DB_PASSWORD={s}"),
        F("env-secret-key", r => R(r, Alnum, 50), s => $"SECRET_KEY={s}"),
        F("env-api-key", r => R(r, Alnum, 32), s => $"export API_KEY=\"{s}\""),
        F("json-client-secret", r => R(r, Url, 40), s => $"{{\"client_secret\": \"{s}\"}}"),
        F("yaml-token", r => R(r, Alnum, 40), s => $"auth_token: {s}"),
        F("private-key-id", r => R(r, Hex, 40), s => $"\"private_key_id\": \"{s}\""),
        F("django-secret", r => "django-insecure-" + R(r, Alnum + "!@#$%^&*-_=+", 50), s => $"SECRET_KEY = '{s}'"),
        F("rails-master", r => R(r, Hex, 32), s => $"RAILS_MASTER_KEY={s}"),
        F("session-secret", r => R(r, Alnum, 48), s => $"session_secret={s}"),
        F("signing-key", r => R(r, B64, 44), s => $"SIGNING_KEY={s}"),
        F("cloudflare", r => R(r, Url, 40), s => $"CLOUDFLARE_API_TOKEN={s}"),
        F("bare-token-48", r => R(r, Alnum, 48)),
        F("bare-token-64", r => R(r, Url, 64)),
        F("bare-base64-token", r => R(r, Alnum, 40) + "=="),
        F("generic-passwd-colon", r => R(r, Alnum, 16), s => $"passwd: {s}"),
        F("credentials-json", r => R(r, Alnum, 32), s => $"{{\"credentials\":\"{s}\"}}"),
        F("access-key-cli", r => R(r, Alnum, 32), s => $"--access-key {s}"),
    ];
}
