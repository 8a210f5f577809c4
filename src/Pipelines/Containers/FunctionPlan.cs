namespace Pipelines.Containers;

/// <summary>A named container: its steps, in order; the first one says what it starts from.</summary>
internal sealed record ContainerPlan(string Name, IReadOnlyList<ContainerStep> Steps);

/// <summary>What a module function returns.</summary>
internal abstract record PlanResult;

/// <summary>The container itself; <c>dagger call</c> evaluates it, so long runs never block module code.</summary>
internal sealed record ContainerResult(string Container) : PlanResult;

/// <summary>A directory of a container (for example the gate's report, summary and exit code).</summary>
internal sealed record DirectoryResult(string Container, string Path) : PlanResult;

/// <summary>
/// Everything one module function does, as data: its containers in dependency order (a container
/// only refers to containers before it), its result, and whether Dagger may serve it from cache.
/// </summary>
internal sealed record FunctionPlan(
    string Function,
    CachePolicy Cache,
    IReadOnlyList<ContainerPlan> Containers,
    PlanResult Result)
{
    public ContainerPlan Container(string name) =>
        Containers.SingleOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"plan '{Function}' has no container '{name}'");
}
