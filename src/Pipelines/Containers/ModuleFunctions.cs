namespace Pipelines.Containers;

/// <summary>
/// The module's functions and whether Dagger may cache them. Anything that reads live state,
/// writes, posts or validates runs on every call; only the build and the test suite, whose result
/// depends on the source alone, may be cached.
/// </summary>
internal static class ModuleFunctions
{
    public const string Cli = "cli";
    public const string Test = "test";
    public const string Validate = "validate";
    public const string Promote = "promote";
    public const string PromoteReport = "promoteReport";
    public const string StageReport = "stageReport";
    public const string LiveDeploy = "liveDeploy";
    public const string LiveDeployReport = "liveDeployReport";
    public const string Sandbox = "sandbox";

    public static IReadOnlyDictionary<string, CachePolicy> CachePolicies { get; } = Build();

    public static CachePolicy CachePolicyOf(string function) =>
        CachePolicies.TryGetValue(function, out var policy)
            ? policy
            : throw new KeyNotFoundException($"'{function}' is not a module function");

    private static Dictionary<string, CachePolicy> Build()
    {
        var policies = new Dictionary<string, CachePolicy>(StringComparer.Ordinal)
        {
            [Cli] = CachePolicy.Default,
            [Test] = CachePolicy.Default,
            [Validate] = CachePolicy.Never,
            [Promote] = CachePolicy.Never,
            [PromoteReport] = CachePolicy.Never,
            [StageReport] = CachePolicy.Never,
            [LiveDeploy] = CachePolicy.Never,
            [LiveDeployReport] = CachePolicy.Never,
            [Sandbox] = CachePolicy.Never,
        };
        foreach (var stage in GateStages.All)
        {
            policies[stage.FunctionName()] = CachePolicy.Never;
        }

        return policies;
    }
}
