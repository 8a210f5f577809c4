using Pipelines.Checks;
using Pipelines.Configuration;
using static Pipelines.Tests.Checks.CheckSamples;

namespace Pipelines.Tests.Checks;

public sealed class CheckEnvironmentTests
{
    private static readonly Dictionary<string, string> Caller = new()
    {
        ["PATH"] = "/usr/bin:/bin",
        ["HOME"] = "/home/ci",
        ["GITHUB_TOKEN"] = "ghs_readtoken1234",
        ["PROD_PUSH_TOKEN_BS"] = "ghp_pushtoken5678",
        ["E2E_TEST_DJ_EMAIL"] = "dj@example.org",
    };

    private static readonly string[] Tokens = ["GITHUB_TOKEN", "PROD_PUSH_TOKEN_BS"];

    [Fact]
    public void Is_the_callers_environment_without_any_token_variable()
    {
        var environment = new CheckEnvironment(Caller, Tokens);

        var variables = environment.For(Check("e2e", "."));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin:/bin",
                ["HOME"] = "/home/ci",
                ["E2E_TEST_DJ_EMAIL"] = "dj@example.org",
            },
            variables);
    }

    [Fact]
    public void Adds_the_checks_env_over_the_callers_values()
    {
        var environment = new CheckEnvironment(Caller, Tokens);
        var check = Check("e2e", ".", env: new Dictionary<string, string>
        {
            ["E2E_BASE_URL"] = "https://bs.staging.example",
            ["HOME"] = "/tmp/e2e-home",
        });

        var variables = environment.For(check);

        Assert.Equal("https://bs.staging.example", variables["E2E_BASE_URL"]);
        Assert.Equal("/tmp/e2e-home", variables["HOME"]);
    }

    [Fact]
    public void Pass_env_is_the_one_way_a_token_reaches_a_check()
    {
        var environment = new CheckEnvironment(Caller, Tokens);

        var variables = environment.For(Check("deploy-smoke", ".", passEnv: ["PROD_PUSH_TOKEN_BS"]));

        Assert.Equal("ghp_pushtoken5678", variables["PROD_PUSH_TOKEN_BS"]);
        Assert.False(variables.ContainsKey("GITHUB_TOKEN"));
    }

    [Fact]
    public void Pass_env_wins_over_env_for_the_same_name()
    {
        var environment = new CheckEnvironment(Caller, Tokens);
        var check = Check("e2e", ".",
            env: new Dictionary<string, string> { ["E2E_TEST_DJ_EMAIL"] = "placeholder" },
            passEnv: ["E2E_TEST_DJ_EMAIL"]);

        Assert.Equal("dj@example.org", environment.For(check)["E2E_TEST_DJ_EMAIL"]);
    }

    [Fact]
    public void A_pass_env_variable_the_caller_lacks_is_an_error_naming_the_check_and_variable()
    {
        var environment = new CheckEnvironment(Caller, Tokens);

        var error = Assert.Throws<ConfigurationException>(() =>
            environment.For(Check("e2e", ".", passEnv: ["E2E_TEST_DJ_PASSWORD"])));

        Assert.Equal("promote.checks.e2e.pass-env", error.Key);
        Assert.Contains("check 'e2e'", error.Message);
        Assert.Contains("E2E_TEST_DJ_PASSWORD", error.Message);
    }

    [Fact]
    public void Variable_names_are_case_sensitive_as_on_linux()
    {
        var caller = new Dictionary<string, string> { ["github_token"] = "lower-case-is-another-variable" };
        var environment = new CheckEnvironment(caller, ["GITHUB_TOKEN"]);

        Assert.True(environment.For(Check("e2e", ".")).ContainsKey("github_token"));
    }

    [Fact]
    public void Exposes_the_token_values_the_caller_has_for_redaction()
    {
        var environment = new CheckEnvironment(Caller, [.. Tokens, "UNSET_TOKEN"]);

        var values = environment.TokenValues.Select(secret => (secret.Name, secret.Reveal())).OrderBy(v => v.Name);

        Assert.Equal([("GITHUB_TOKEN", "ghs_readtoken1234"), ("PROD_PUSH_TOKEN_BS", "ghp_pushtoken5678")], values);
    }
}
