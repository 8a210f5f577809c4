using Pipelines.Containers;

namespace Pipelines.Tests.Dagger;

internal static class PlannerFixtures
{
    public static ContainerPlanner Planner { get; } = new(ContainerImages.Default);

    public static GateArguments Gate { get; } = new()
    {
        Config = "pipelines.yaml",
        HasGitHubToken = true,
        HasSecretsFile = true,
        RunId = "123456",
        RunNonce = "0a1b2c",
    };

    public static PromoteArguments Promote { get; } = new();

    public static LiveDeployArguments LiveDeployArgs { get; } = new()
    {
        Plugins = ["aws"],
        WfctlVersion = "v1.2.3",
    };
}
