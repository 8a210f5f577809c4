using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

public sealed class BuildAndToolPlanTests
{
    [Fact]
    public void The_cli_is_published_self_contained_in_the_official_sdk_image_from_the_sources_it_needs()
    {
        var build = Planner.Cli().Container(ContainerPlanner.BuildContainer);

        Assert.Equal(new FromImageStep("mcr.microsoft.com/dotnet/sdk:10.0"), build.Steps[0]);
        var source = build.Steps.OfType<CopyDirectoryStep>().Single();
        Assert.Equal(new InputDirectory(PlanInputs.Source), source.Source);
        Assert.Contains("src/**", source.Include);
        Assert.Contains("Directory.Packages.props", source.Include);
        Assert.Contains("**/bin", source.Exclude);
        var publish = Assert.IsType<ExecStep>(build.Steps[^1]);
        Assert.Equal(["dotnet", "publish", "src/Pipelines.Cli/Pipelines.Cli.csproj"], publish.Args.Take(3));
        Assert.Contains("--self-contained", publish.Args);
        Assert.Equal(ContainerPaths.BuildOutput, publish.Args.FlagValue("--output"));
    }

    [Fact]
    public void The_test_function_runs_the_ci_script_with_the_sdk_copied_into_the_node_image()
    {
        var plan = Planner.Test();
        var run = plan.Container(ContainerPlanner.RunContainer);

        Assert.Equal(new FromImageStep(ContainerImages.Default.Runner), run.Steps[0]);
        Assert.Equal(
            new CopyDirectoryStep(ContainerPaths.DotnetRoot, new ContainerDirectory(ContainerPlanner.SdkContainer, ContainerPaths.DotnetRoot)),
            run.Steps[1]);
        Assert.Equal(new FromImageStep(ContainerImages.Default.DotnetSdk), plan.Container(ContainerPlanner.SdkContainer).Steps.Single());
        Assert.StartsWith(ContainerPaths.DotnetRoot + ":", plan.Variable("PATH"));
        Assert.Equal("true", plan.Variable("CI"));
        Assert.Equal(new ExecStep(["bash", ".ci/run"]), run.Steps[^1]);
        Assert.Equal(new ContainerResult(ContainerPlanner.RunContainer), plan.Result);
    }

    [Fact]
    public void The_cli_function_returns_the_runtime_image_with_the_cli_on_the_path()
    {
        var plan = Planner.Cli();

        Assert.Equal(new FromImageStep(ContainerImages.Default.Runtime), plan.Container(ContainerPlanner.RunContainer).Steps[0]);
        Assert.StartsWith(ContainerPaths.Cli + ":", plan.Variable("PATH"));
        Assert.Empty(plan.Container(ContainerPlanner.RunContainer).Steps.OfType<ExecStep>());
    }

    [Fact]
    public void Validate_runs_the_cli_validate_command_and_fails_with_its_status()
    {
        var plan = Planner.Validate(Gate with { Config = "config/prod.yaml" });

        var exec = plan.Execs().Single(e => e.Args.Contains(ContainerPaths.CliExecutable));
        Assert.Equal([ContainerPaths.CliExecutable, "validate", "--config", "config/prod.yaml"], exec.Args.Take(4));
    }

    [Fact]
    public void The_sandbox_runs_the_cli_sandbox_command_with_its_world_and_scenario()
    {
        var plan = Planner.Sandbox(new SandboxArguments { World = "promote", Scenario = "version-mismatch", RunNonce = "n1" });

        var exec = plan.GateExec();
        Assert.Equal([ContainerPaths.CliExecutable, "sandbox", "promote", "--scenario", "version-mismatch"], exec.Args);
        Assert.Equal([ContainerPaths.CliExecutable, "sandbox"], Planner.Sandbox(new SandboxArguments { RunNonce = "n1" }).GateExec().Args);
    }

    [Theory]
    [InlineData("everything", null)]
    [InlineData(null, "Version Mismatch")]
    [InlineData(null, "--keep")]
    public void A_malformed_sandbox_world_or_scenario_is_refused(string? world, string? scenario)
    {
        Assert.Throws<ContainerPlanException>(() => Planner.Sandbox(new SandboxArguments { World = world, Scenario = scenario, RunNonce = "n1" }));
    }

    [Theory]
    [InlineData("../secrets.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("-rf")]
    [InlineData("config//x.yaml")]
    [InlineData("pipelines.yaml;id")]
    [InlineData("a b.yaml")]
    public void A_config_path_outside_the_source_or_shaped_like_a_flag_is_refused(string config)
    {
        var error = Assert.Throws<ContainerPlanException>(() => Planner.Promote(Gate with { Config = config }, Promote, GateOutcome.FailWithGate));

        Assert.StartsWith("config:", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 34")]
    [InlineData("--skip-gate")]
    [InlineData("-1")]
    public void A_malformed_run_id_or_one_shaped_like_a_flag_is_refused(string runId)
    {
        var error = Assert.Throws<ContainerPlanException>(() => Planner.Promote(Gate with { RunId = runId }, Promote, GateOutcome.FailWithGate));

        Assert.StartsWith("runId:", error.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("GITHUB TOKEN")]
    [InlineData("TOKEN=")]
    public void A_malformed_token_variable_name_is_refused(string name)
    {
        Assert.Throws<ContainerPlanException>(() => Planner.Validate(Gate with { GitHubTokenEnv = name }));
    }

    [Fact]
    public void The_default_images_name_an_explicit_release_never_latest()
    {
        var images = ContainerImages.Default;

        Assert.All(new[] { images.DotnetSdk, images.Runtime, images.Runner }, image =>
        {
            var name = image[(image.LastIndexOf('/') + 1)..];
            Assert.Contains(':', name);
            Assert.NotEqual("latest", name[(name.IndexOf(':') + 1)..]);
        });
    }
}
