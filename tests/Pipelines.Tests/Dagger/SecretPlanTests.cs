using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

public sealed class SecretPlanTests
{
    public static TheoryData<string> GatePlans => new() { "promote", "stage", "live-deploy", "validate" };

    private static FunctionPlan PlanFor(string kind, GateArguments gate) => kind switch
    {
        "promote" => Planner.Promote(gate, Promote, GateOutcome.FailWithGate),
        "stage" => Planner.Stage(GateStage.PushProd, gate, Promote, GateOutcome.ReturnReport),
        "live-deploy" => Planner.LiveDeploy(gate, LiveDeployArgs, GateOutcome.FailWithGate),
        "validate" => Planner.Validate(gate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(GatePlans))]
    public void The_github_token_enters_only_as_a_secret_variable_under_the_configured_name(string kind)
    {
        var plan = PlanFor(kind, Gate with { GitHubTokenEnv = "PIPELINES_READ_TOKEN" });

        Assert.Contains(new SecretEnvStep("PIPELINES_READ_TOKEN", PlanInputs.GitHubToken), plan.AllSteps());
        Assert.DoesNotContain(plan.Variables(), v => v.Name == "PIPELINES_READ_TOKEN");
    }

    [Theory]
    [MemberData(nameof(GatePlans))]
    public void The_secrets_file_is_mounted_as_a_secret_and_named_to_the_cli_by_path(string kind)
    {
        var plan = PlanFor(kind, Gate);

        Assert.Contains(new SecretMountStep(ContainerPaths.SecretsFile, PlanInputs.Secrets), plan.AllSteps());
        var cli = plan.Execs().Single(e => e.Args.Contains(ContainerPaths.CliExecutable)).Args;
        Assert.Equal(ContainerPaths.SecretsFile, cli.FlagValue("--secrets-file"));
    }

    [Theory]
    [MemberData(nameof(GatePlans))]
    public void Without_secret_arguments_no_secret_step_and_no_secrets_flag(string kind)
    {
        var plan = PlanFor(kind, Gate with { HasGitHubToken = false, HasSecretsFile = false });

        Assert.DoesNotContain(plan.AllSteps(), s => s is SecretEnvStep or SecretMountStep);
        Assert.DoesNotContain("--secrets-file", plan.ExecArguments());
    }

    [Fact]
    public void Every_secret_reference_names_an_argument_of_the_function()
    {
        var plan = Planner.LiveDeploy(Gate, LiveDeployArgs with { HasOidcRequestToken = true }, GateOutcome.FailWithGate);

        var referenced = plan.AllSteps()
            .Select(s => s switch { SecretEnvStep e => e.SecretInput, SecretMountStep m => m.SecretInput, _ => null })
            .OfType<string>();
        Assert.All(referenced, input => Assert.Contains(input, new[] { PlanInputs.GitHubToken, PlanInputs.Secrets, PlanInputs.OidcRequestToken }));
    }

    [Theory]
    [InlineData("GITHUB_TOKEN=ghp_x")]
    [InlineData("PROD_PUSH_TOKEN_BS=ghp_x")]
    [InlineData("E2E_TEST_DJ_PASSWORD=hunter2")]
    [InlineData("AWS_SECRET_ACCESS_KEY=abc")]
    [InlineData("DEPLOY_PRIVATE_KEY=abc")]
    [InlineData("SOME_API_KEY=abc")]
    public void A_credential_looking_extra_variable_is_refused_so_it_cannot_land_in_a_plain_variable(string pair)
    {
        var error = Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate with { Environment = [pair] }, Promote, GateOutcome.FailWithGate));

        Assert.DoesNotContain(pair[(pair.IndexOf('=') + 1)..], error.Message);
    }

    [Fact]
    public void The_configured_token_variable_cannot_be_set_as_a_plain_extra_variable()
    {
        Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate with { GitHubTokenEnv = "GH_READ", Environment = ["GH_READ=value"] }, Promote, GateOutcome.FailWithGate));
    }

    [Theory]
    [InlineData("PIPELINES_JUSTIFICATION=override")]
    [InlineData("PIPELINES_RUN_NONCE=fixed")]
    [InlineData("ACTIONS_ID_TOKEN_REQUEST_URL=https://x")]
    [InlineData("PATH=/tmp")]
    public void Variables_the_module_sets_itself_cannot_be_overridden(string pair)
    {
        Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate with { Environment = [pair] }, Promote, GateOutcome.FailWithGate));
    }

    [Fact]
    public void A_malformed_extra_variable_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate with { Environment = ["ghp_looks_like_a_pasted_token"] }, Promote, GateOutcome.FailWithGate));

        Assert.DoesNotContain("ghp_", error.Message);
    }

    [Fact]
    public void Non_secret_extra_variables_become_plain_variables_in_the_gate_container()
    {
        var plan = Planner.Promote(
            Gate with { Environment = ["GITHUB_SERVER_URL=https://github.com", "GITHUB_REPOSITORY=WXYC/infra", "GITHUB_ACTIONS=true"] },
            Promote,
            GateOutcome.FailWithGate);

        Assert.Equal("https://github.com", plan.Variable("GITHUB_SERVER_URL"));
        Assert.Equal("WXYC/infra", plan.Variable("GITHUB_REPOSITORY"));
        Assert.Equal("true", plan.Variable("GITHUB_ACTIONS"));
    }

    [Fact]
    public void The_same_extra_variable_twice_is_refused()
    {
        Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate with { Environment = ["A=1", "A=2"] }, Promote, GateOutcome.FailWithGate));
    }
}
