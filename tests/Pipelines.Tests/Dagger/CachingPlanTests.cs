using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

public sealed class CachingPlanTests
{
    /// <summary>Every plan the module can make, with the function it is for.</summary>
    public static TheoryData<string> Functions => new(ModuleFunctions.CachePolicies.Keys);

    private static FunctionPlan PlanFor(string function) => function switch
    {
        ModuleFunctions.Cli => Planner.Cli(),
        ModuleFunctions.Test => Planner.Test(),
        ModuleFunctions.Validate => Planner.Validate(Gate),
        ModuleFunctions.Promote => Planner.Promote(Gate, Promote, GateOutcome.FailWithGate),
        ModuleFunctions.PromoteReport => Planner.Promote(Gate, Promote, GateOutcome.ReturnReport),
        ModuleFunctions.StageReport => Planner.Stage(GateStage.RunChecks, Gate, Promote, GateOutcome.ReturnReport),
        ModuleFunctions.LiveDeploy => Planner.LiveDeploy(Gate, LiveDeployArgs, GateOutcome.FailWithGate),
        ModuleFunctions.LiveDeployReport => Planner.LiveDeploy(Gate, LiveDeployArgs, GateOutcome.ReturnReport),
        ModuleFunctions.Sandbox => Planner.Sandbox(new SandboxArguments { RunNonce = "abc" }),
        _ => Planner.Stage(GateStages.All.Single(s => s.FunctionName() == function), Gate, Promote, GateOutcome.FailWithGate),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void A_plan_carries_its_functions_cache_policy(string function)
    {
        var plan = PlanFor(function);

        Assert.Equal(function, plan.Function);
        Assert.Equal(ModuleFunctions.CachePolicyOf(function), plan.Cache);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_function_that_runs_the_cli_is_never_cached_and_sets_a_fresh_nonce_right_before_it(string function)
    {
        var plan = PlanFor(function);
        var run = plan.Container(ContainerPlanner.RunContainer).Steps;
        var cliExec = run.OfType<ExecStep>().FirstOrDefault(e => e.Args.Contains(ContainerPaths.CliExecutable));
        if (cliExec is null)
        {
            // Only the build (cli) and the test suite do not run the CLI; their results depend on the source alone.
            Assert.Contains(function, new[] { ModuleFunctions.Cli, ModuleFunctions.Test });
            Assert.Equal(CachePolicy.Default, plan.Cache);
            return;
        }

        Assert.Equal(CachePolicy.Never, plan.Cache);
        var before = run[run.ToList().IndexOf(cliExec) - 1];
        var nonce = Assert.IsType<EnvStep>(before);
        Assert.Equal(PlanVariables.RunNonce, nonce.Name);
    }

    [Fact]
    public void The_side_effecting_functions_are_all_never_cached()
    {
        string[] sideEffecting =
        [
            "promote", "promoteReport", "resolveShas", "checkAncestry", "pollHealth", "verifyVersion",
            "runChecks", "logBypass", "pushProd", "stageReport", "liveDeploy", "liveDeployReport", "validate", "sandbox",
        ];

        Assert.All(sideEffecting, f => Assert.Equal(CachePolicy.Never, ModuleFunctions.CachePolicyOf(f)));
        Assert.Equal(sideEffecting.Length + 2, ModuleFunctions.CachePolicies.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void A_never_cached_plan_without_a_valid_nonce_is_refused(string nonce)
    {
        Assert.Throws<ContainerPlanException>(() => Planner.Promote(Gate with { RunNonce = nonce }, Promote, GateOutcome.FailWithGate));
        Assert.Throws<ContainerPlanException>(() => Planner.Sandbox(new SandboxArguments { RunNonce = nonce }));
    }

    [Fact]
    public void The_nonce_comes_after_every_other_input_so_only_the_command_reruns()
    {
        var run = Planner.Promote(Gate with { Environment = ["GITHUB_ACTIONS=true"] }, Promote with { Justification = "why" }, GateOutcome.FailWithGate)
            .Container(ContainerPlanner.RunContainer).Steps.ToList();

        var nonce = run.FindIndex(s => s is EnvStep { Name: PlanVariables.RunNonce });
        Assert.All(run.Take(nonce), step => Assert.IsNotType<ExecStep>(step));
        Assert.All(run.Skip(nonce + 1), step => Assert.IsType<ExecStep>(step));
    }

    [Fact]
    public void Package_downloads_are_cached_in_a_named_volume()
    {
        var build = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate).Container(ContainerPlanner.BuildContainer);
        var test = Planner.Test().Container(ContainerPlanner.RunContainer);

        Assert.Contains(new MountCacheStep(ContainerPaths.NuGetPackages, CacheVolumes.NuGet), build.Steps);
        Assert.Contains(new MountCacheStep(ContainerPaths.NuGetPackages, CacheVolumes.NuGet), test.Steps);
        Assert.Contains(new MountCacheStep(ContainerPaths.NpmCache, CacheVolumes.Npm), test.Steps);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void A_container_only_uses_containers_built_before_it(string function)
    {
        var plan = PlanFor(function);
        var built = new HashSet<string>();
        foreach (var container in plan.Containers)
        {
            foreach (var step in container.Steps)
            {
                var dependency = step switch
                {
                    CopyDirectoryStep { Source: ContainerDirectory d } => d.Container,
                    CopyFileStep { Source: ContainerFile f } => f.Container,
                    _ => null,
                };
                Assert.True(dependency is null || built.Contains(dependency), $"{container.Name} uses {dependency} before it is built");
            }

            Assert.True(built.Add(container.Name), $"{container.Name} is defined twice");
        }

        var result = plan.Result switch
        {
            ContainerResult c => c.Container,
            DirectoryResult d => d.Container,
            _ => throw new InvalidOperationException(),
        };
        Assert.Contains(result, built);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_container_starts_from_an_image_or_an_input_container(string function)
    {
        Assert.All(PlanFor(function).Containers, c =>
        {
            Assert.True(c.Steps[0] is FromImageStep or FromInputContainerStep);
            Assert.DoesNotContain(c.Steps.Skip(1), s => s is FromImageStep or FromInputContainerStep);
        });
    }
}
