using KnowledgeOS.Redaction;

namespace KnowledgeOS.Testing.Redaction;

/// <summary>Each rule catches its secret (and keeps the context around it); ordinary text passes untouched.</summary>
public sealed class SecretRulesTests
{
    // Test secrets are assembled at run time so the source file itself holds no secret-shaped literal.
    private static string R(string prefix, string alphabet, int n) => prefix + string.Concat(Enumerable.Range(0, n).Select(i => alphabet[(i * 7 + 3) % alphabet.Length]));

    private const string Alnum = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vWxYz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Hex = "0123456789abcdef";

    public static TheoryData<string, string> Secrets() => new()
    {
        { "aws-access-key-id", "key id " + R("AKIA", Upper, 16) },
        { "aws-secret-access-key", "aws_secret_access_key = " + R("", Alnum + "/+", 40) },
        { "github-token", "token " + R("ghp_", Alnum, 36) },
        { "github-fine-grained-pat", R("github_pat_", Alnum + "_", 82) },
        { "gitlab-token", R("glpat-", Alnum, 20) },
        { "anthropic-api-key", "ANTHROPIC " + R("sk-ant-api03-", Alnum + "-_", 93) },
        { "openai-api-key", "key: " + R("sk-proj-", Alnum, 24) + "T3BlbkFJ" + R("", Alnum, 24) },
        { "google-api-key", R("AIza", Alnum + "-_", 35) },
        { "google-oauth-secret", R("GOCSPX-", Alnum, 28) },
        { "slack-token", R("xoxb-123456789012-", Alnum, 24) },
        { "slack-webhook", "https://hooks.slack.com/services/" + R("T", Alnum, 8) + "/" + R("B", Alnum, 8) + "/" + R("", Alnum, 24) },
        { "stripe-key", R("sk_live_", Alnum, 24) },
        { "sendgrid-api-key", R("SG.", Alnum, 22) + "." + R("", Alnum, 43) },
        { "twilio-api-key", R("SK", Hex, 32) },
        { "npm-token", R("npm_", Alnum, 36) },
        { "pypi-token", R("pypi-AgEIcHlwaS5vcmc", Alnum, 60) },
        { "huggingface-token", R("hf_", "abcdefghijklmnopqrstuvwxyzABCDEFGH", 34) },
        { "azure-storage-key", "DefaultEndpointsProtocol=https;AccountKey=" + R("", Alnum + "+/", 86) + "==" },
        { "digitalocean-token", R("dop_v1_", Hex, 64) },
        { "shopify-token", R("shpat_", Hex, 32) },
        { "jwt", "Bearer-less eyJhbGciOiJIUzI1NiJ9." + R("eyJ", Alnum, 30) + "." + R("", Alnum, 43) },
        { "private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow" + R("", Alnum, 64) + "\n-----END RSA PRIVATE KEY-----" },
        { "url-password", "postgres://admin:" + R("", Alnum, 16) + "@db.internal:5432/app" },
        { "auth-header", "Authorization: Bearer " + R("", Alnum, 32) },
        { "generic-assignment", "DATABASE_PASSWORD=" + R("", Alnum, 20) },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void each_rule_redacts_its_secret(string rule, string text)
    {
        var r = Redactor.Redact(text);
        Assert.Contains(rule, r.Rules);
        Assert.Contains($"[REDACTED:{rule}]", r.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git commit -m \"Fix the token parser\"")]
    [InlineData("password_hash = compute(x)")]
    [InlineData("const token = getToken();")]
    [InlineData("API_KEY=${API_KEY}")]
    [InlineData("api_key: your-api-key-here")]
    [InlineData("see https://example.com/docs/secrets for details")]
    [InlineData("sha 3f786850e387550fdab836ed7e6dc881de23001b")]
    public void ordinary_text_is_left_alone(string text)
    {
        var r = Redactor.Redact(text);
        Assert.False(r.Changed, string.Join(",", r.Rules));
        Assert.Equal(text, r.Text);
    }

    [Fact]
    public void a_private_key_cut_off_before_its_end_line_is_still_redacted()
    {
        var r = Redactor.Redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + R("", Alnum, 200));
        Assert.Equal("[REDACTED:private-key]", r.Text);
    }

    [Fact]
    public void context_around_a_secret_is_kept()
    {
        var token = R("ghp_", Alnum, 36);
        var r = Redactor.Redact($"curl -H 'X: {token}' https://api.github.com");
        Assert.Equal("curl -H 'X: [REDACTED:github-token]' https://api.github.com", r.Text);
    }

    [Fact]
    public void dotenv_files_have_every_value_redacted()
    {
        var text = Redactor.RedactDotEnv("# local\nDEBUG=true\nSTRIPE=abc\n");
        Assert.Equal("# local\nDEBUG=[REDACTED:dotenv-value]\nSTRIPE=[REDACTED:dotenv-value]\n", text);
    }

    [Fact]
    public void a_huge_text_is_stored_as_digest_and_bounded_redacted_excerpt()
    {
        var secret = R("ghp_", Alnum, 36);
        var huge = secret + "\n" + new string('x', 10 * 1024 * 1024);
        var stored = Redactor.Bounded(huge, out var rules);
        var o = Assert.IsType<System.Text.Json.Nodes.JsonObject>(stored);
        Assert.Equal(Redactor.Sha256(huge), o["sha256"]!.GetValue<string>());
        Assert.Equal(huge.Length, o["chars"]!.GetValue<int>());
        Assert.StartsWith("[REDACTED:github-token]", o["excerpt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(o["excerpt"]!.GetValue<string>().Length <= Redactor.ExcerptLength);
        Assert.Contains("github-token", rules);
    }

    [Fact]
    public void json_trees_are_redacted_by_value_and_by_sensitive_field_name()
    {
        var tree = System.Text.Json.Nodes.JsonNode.Parse($$"""{"command":"export GH={{R("ghp_", Alnum, 36)}}","env":{"password":"hunter2hunter2"},"n":3}""");
        var rules = new List<string>();
        var clean = Redactor.Tree(tree, rules)!.ToJsonString();
        Assert.DoesNotContain("ghp_", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", clean, StringComparison.Ordinal);
        Assert.Contains("\"n\":3", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void command_line_passwords_on_one_line_are_each_redacted_even_when_an_earlier_command_could_reach_a_later_flag()
    {
        // Several commands run together (a task title, a prompt): "mysql://…" must not reach across the curl call to the
        // later "mysql … -p", which would hide the curl password inside one match and leave it unredacted.
        var curl = R("Pg", Alnum, 12);
        var mysql = R("Kq", Alnum, 10);
        var text = $"mysql://root:{R("Xy", Alnum, 12)}@127.0.0.1:3306/db https://user:{R("Ab", Alnum, 12)}@internal.example.org/api " +
                   $"curl -H \"Authorization: Bearer {R("", Alnum, 40)}\" https://api.example.org curl -u admin:{curl} https://jenkins.internal/api " +
                   $"mysql -uroot -p{mysql} app";

        var clean = Redactor.Redact(text).Text;

        Assert.DoesNotContain(curl, clean, StringComparison.Ordinal);
        Assert.DoesNotContain(mysql, clean, StringComparison.Ordinal);
        Assert.Contains("curl -u admin:[REDACTED:cli-password] https://jenkins.internal/api", clean, StringComparison.Ordinal);
    }
}
