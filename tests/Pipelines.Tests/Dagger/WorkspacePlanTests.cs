using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The two directories every gate function used to mix: the Pipelines source the CLI is built
/// from (the module's repository) and the caller's workspace (pipelines.yaml, the checks' code).
/// </summary>
public sealed class WorkspacePlanTests
{
    /// <summary>Every plan that reads a configuration, in each of its outcomes.</summary>
    public static TheoryData<string> ConfigurationPlans => new(ConfigurationPlan.Keys);

    private static readonly Dictionary<string, Func<FunctionPlan>> ConfigurationPlan = new()
    {
        ["validate"] = () => Planner.Validate(Gate),
        ["promote"] = () => Planner.Promote(Gate, Promote, GateOutcome.FailWithGate),
        ["promoteReport"] = () => Planner.Promote(Gate, Promote, GateOutcome.ReturnReport),
        ["runChecks"] = () => Planner.Stage(GateStage.RunChecks, Gate with { HasRunner = true }, Promote, GateOutcome.FailWithGate),
        ["stageReport"] = () => Planner.Stage(GateStage.PushProd, Gate, Promote with { SkipGate = true }, GateOutcome.ReturnReport),
        ["liveDeploy"] = () => Planner.LiveDeploy(Gate, LiveDeployArgs, GateOutcome.FailWithGate),
        ["liveDeployReport"] = () => Planner.LiveDeploy(Gate, LiveDeployArgs, GateOutcome.ReturnReport),
    };

    [Theory]
    [MemberData(nameof(ConfigurationPlans))]
    public void The_cli_build_copies_only_from_the_module_source(string function)
    {
        var build = ConfigurationPlan[function]().Container(ContainerPlanner.BuildContainer);

        var copy = Assert.Single(build.Steps.OfType<CopyDirectoryStep>());
        Assert.Equal(new InputDirectory(PlanInputs.Source), copy.Source);
        Assert.Equal(ContainerPlanner.BuildIncludes, copy.Include);
    }

    [Theory]
    [MemberData(nameof(ConfigurationPlans))]
    public void The_run_step_copies_only_from_the_workspace(string function)
    {
        var run = ConfigurationPlan[function]().Container(ContainerPlanner.RunContainer);

        var inputs = run.Steps.OfType<CopyDirectoryStep>().Select(c => c.Source).OfType<InputDirectory>();
        Assert.Equal([new InputDirectory(PlanInputs.Workspace)], inputs);
    }

    [Theory]
    [MemberData(nameof(ConfigurationPlans))]
    public void A_workspace_without_src_works_the_run_needs_only_the_configuration_from_it(string function)
    {
        var plan = ConfigurationPlan[function]();
        var run = plan.Container(ContainerPlanner.RunContainer);

        // The whole workspace is copied (no include filter that expects a layout), the CLI comes
        // ready-built from the build container, and no command names a path under src/.
        var workspace = run.Steps.OfType<CopyDirectoryStep>().Single(c => c.Source == new InputDirectory(PlanInputs.Workspace));
        Assert.Empty(workspace.Include);
        Assert.Contains(run.Steps, s => s is CopyDirectoryStep { Source: ContainerDirectory { Container: ContainerPlanner.BuildContainer } });
        Assert.DoesNotContain(run.Steps.OfType<ExecStep>().SelectMany(e => e.Args), a => a.StartsWith("src/", StringComparison.Ordinal) || a.Contains("/work/src", StringComparison.Ordinal));
        Assert.Equal("pipelines.yaml", plan.CliArguments().FlagValue("--config"));
    }

    [Theory]
    [MemberData(nameof(ConfigurationPlans))]
    public void A_workspaces_build_settings_cannot_change_how_the_cli_is_built(string function)
    {
        var plan = ConfigurationPlan[function]();

        // Directory.Build.props, global.json and NuGet.config act on a dotnet command run in or below
        // their folder. The only dotnet command runs in the build container, which holds no
        // workspace; the workspace lands in /work, beside /src, not above it.
        var dotnetContainers = plan.Containers.Where(c => c.Steps.OfType<ExecStep>().Any(e => e.Args[0] == "dotnet")).ToList();
        Assert.Equal([ContainerPlanner.BuildContainer], dotnetContainers.Select(c => c.Name));
        Assert.DoesNotContain(dotnetContainers.SelectMany(c => c.Steps).OfType<CopyDirectoryStep>(), c => c.Source == new InputDirectory(PlanInputs.Workspace));
        Assert.False(ContainerPaths.BuildSource.StartsWith(ContainerPaths.Work + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Container(ContainerPlanner.RunContainer).Steps.OfType<ExecStep>().SelectMany(e => e.Args), a => a == "dotnet");
    }

    [Fact]
    public void The_workspace_keeps_everything_but_vcs_data_and_installed_dependencies()
    {
        var run = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate).Container(ContainerPlanner.RunContainer);

        var workspace = run.Steps.OfType<CopyDirectoryStep>().Single(c => c.Source == new InputDirectory(PlanInputs.Workspace));
        Assert.Equal([".git", "**/node_modules"], workspace.Exclude);
    }

    [Fact]
    public void The_projects_own_functions_use_only_the_module_source()
    {
        foreach (var plan in new[] { Planner.Cli(), Planner.Test(), Planner.Sandbox(new SandboxArguments { RunNonce = "n" }) })
        {
            Assert.DoesNotContain(plan.AllSteps().OfType<CopyDirectoryStep>(), c => c.Source == new InputDirectory(PlanInputs.Workspace));
        }
    }
}
