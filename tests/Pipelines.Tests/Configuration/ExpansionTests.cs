using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class ExpansionTests
{
    private const string WithCheck = MinimalPromote + """

          checks:
            - name: e2e
              run: npm test
              env: { BASE_URL: "${STAGING_URL}/api" }
              image: ${CHECK_IMAGE}
        """;

    [Fact]
    public void Variables_expand_in_urls_env_values_and_images()
    {
        var yaml = WithCheck.With("https://bs.staging.example/healthcheck", "${STAGING_URL}/healthcheck");

        var promote = LoadPromote(yaml, Env(("STAGING_URL", "https://staging.example"), ("CHECK_IMAGE", "node:24")));

        Assert.Equal(new Uri("https://staging.example/healthcheck"), promote.Repos[0].Health);
        Assert.Equal("https://staging.example/api", promote.Checks[0].Env["BASE_URL"]);
        Assert.Equal("node:24", promote.Checks[0].Image);
    }

    [Fact]
    public void Variables_expand_in_list_items()
    {
        var yaml = MinimalLiveDeploy.With("plugins: [aws]", "plugins: [\"${PLUGIN}\"]");

        Assert.Equal(["gcp"], LoadLiveDeploy(yaml, Env(("PLUGIN", "gcp"))).Plugins);
    }

    [Fact]
    public void Run_is_never_expanded()
    {
        var yaml = WithCheck.With("run: npm test", "run: echo ${NOT_SET} $${X} ${STAGING_URL}");

        var check = LoadPromote(yaml, Env(("STAGING_URL", "https://staging.example"), ("CHECK_IMAGE", "node:24"))).Checks[0];

        Assert.Equal("echo ${NOT_SET} $${X} ${STAGING_URL}", check.Run);
    }

    [Fact]
    public void A_missing_variable_names_the_key_and_the_variable()
    {
        var error = AssertError(WithCheck, "promote.checks[0].env.BASE_URL", "environment variable STAGING_URL is not set", line: 9, environment: Env(("CHECK_IMAGE", "node:24")));

        Assert.StartsWith("promote.checks[0].env.BASE_URL (line 9):", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_variable_is_an_error()
    {
        AssertError(WithCheck, "promote.checks[0].image", "environment variable CHECK_IMAGE is empty", environment: Env(("STAGING_URL", "https://s.example"), ("CHECK_IMAGE", "")));
    }

    [Fact]
    public void Dollar_dollar_brace_is_a_literal_and_a_lone_dollar_stays()
    {
        var yaml = WithCheck.With("${CHECK_IMAGE}", "\"$${CHECK_IMAGE} $HOME $ x$\"");

        var check = LoadPromote(yaml, Env(("STAGING_URL", "https://s.example"))).Checks[0];

        Assert.Equal("${CHECK_IMAGE} $HOME $ x$", check.Image);
    }

    [Fact]
    public void Expansion_is_a_single_pass()
    {
        var check = LoadPromote(WithCheck, Env(("STAGING_URL", "https://s.example"), ("CHECK_IMAGE", "${STAGING_URL}"))).Checks[0];

        Assert.Equal("${STAGING_URL}", check.Image);
    }

    [Theory]
    [InlineData("${1ABC}", "is not a variable reference")]
    [InlineData("${A-B}", "is not a variable reference")]
    [InlineData("${}", "is not a variable reference")]
    [InlineData("${UNCLOSED", "is not closed")]
    public void Malformed_references_are_errors(string image, string fragment)
    {
        AssertError(WithCheck.With("${CHECK_IMAGE}", $"\"{image}\""), "promote.checks[0].image", fragment, environment: Env(("STAGING_URL", "https://s.example")));
    }

    [Fact]
    public void Errors_about_an_expanded_value_show_the_reference_not_the_value()
    {
        var yaml = MinimalPromote.With("https://bs.staging.example/healthcheck", "${HEALTH}");

        var error = AssertError(yaml, "promote.repos[0].health", "'${HEALTH}' (after expansion) is not an absolute http(s) URL", environment: Env(("HEALTH", "not-a-url-s3cr3t")));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_from_a_variable_is_refused_without_showing_it()
    {
        var error = AssertError(WithCheck, "promote.checks[0].image", "control character after expansion", environment: Env(("STAGING_URL", "https://s.example"), ("CHECK_IMAGE", "node\u0001s3cr3t")));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("U+0001", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GITHUB_TOKEN", "github.token-env")]
    [InlineData("PUSH_BS", "promote.repos[0].push-token-env")]
    public void A_token_variable_is_never_expanded_into_a_value(string variable, string declaredBy)
    {
        var yaml = WithCheck
            .With("repo: WXYC/Backend-Service", "repo: WXYC/Backend-Service\n      push-token-env: PUSH_BS")
            .With("${CHECK_IMAGE}", $"${{{variable}}}");

        var error = AssertError(yaml, "promote.checks[0].image", $"${{{variable}}} is a token ({declaredBy})", environment: Env(("STAGING_URL", "https://s.example"), (variable, "ghp_s3cr3t")));

        Assert.Contains("pass-env", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_deploy_token_variable_is_never_expanded_into_a_value()
    {
        var yaml = MinimalLiveDeploy.With("plugins: [aws]", "plugins: [digitalocean]") + """

              auth:
                digitalocean: { token-env: DO_TOKEN }
              env: ${DO_TOKEN}
            """;

        AssertError(yaml, "live-deploy.env", "${DO_TOKEN} is a token (live-deploy.auth.digitalocean.token-env)", environment: Env(("DO_TOKEN", "dop_s3cr3t")));
    }

    [Fact]
    public void Naming_a_token_in_pass_env_is_how_a_check_gets_it()
    {
        var yaml = WithCheck.With("run: npm test", "run: npm test\n      pass-env: [GITHUB_TOKEN]");

        var check = LoadPromote(yaml, Env(("STAGING_URL", "https://s.example"), ("CHECK_IMAGE", "node:24"), ("GITHUB_TOKEN", "ghp_x"))).Checks[0];

        Assert.Equal(["GITHUB_TOKEN"], check.PassEnv);
    }
}
