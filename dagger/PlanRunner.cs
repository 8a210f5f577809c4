using Dagger;
using Pipelines.Containers;

namespace PipelinesModule;

/// <summary>
/// Replays a <see cref="FunctionPlan"/> as Dagger API calls, one call per step. It decides
/// nothing: every image, path, variable, secret and argument comes from the plan. Nothing here
/// awaits the engine, so a long gate never runs into the SDK client's request timeout: the
/// returned object is evaluated by the <c>dagger</c> CLI.
/// </summary>
internal static class PlanRunner
{
    public static Container ToContainer(FunctionPlan plan, ModuleInputs inputs) =>
        plan.Result is ContainerResult result
            ? Build(plan, inputs)[result.Container]
            : throw new InvalidOperationException($"plan '{plan.Function}' does not return a container");

    public static Directory ToDirectory(FunctionPlan plan, ModuleInputs inputs) =>
        plan.Result is DirectoryResult result
            ? Build(plan, inputs)[result.Container].Directory(result.Path)
            : throw new InvalidOperationException($"plan '{plan.Function}' does not return a directory");

    private static Dictionary<string, Container> Build(FunctionPlan plan, ModuleInputs inputs)
    {
        var built = new Dictionary<string, Container>(StringComparer.Ordinal);
        foreach (var container in plan.Containers)
        {
            built[container.Name] = Build(container, inputs, built);
        }

        return built;
    }

    private static Container Build(ContainerPlan plan, ModuleInputs inputs, Dictionary<string, Container> built)
    {
        Container? container = null;
        foreach (var step in plan.Steps)
        {
            container = (step, container) switch
            {
                (FromImageStep from, null) => Dag.Container().From(from.Address),
                (FromInputContainerStep from, null) => inputs.ContainerNamed(from.Input),
                (_, null) => throw new InvalidOperationException($"container '{plan.Name}' must start from an image or an input container"),
                (MountCacheStep cache, { } current) => current.WithMountedCache(cache.Path, Dag.CacheVolume(cache.Volume)),
                (CopyDirectoryStep copy, { } current) => current.WithDirectory(
                    copy.Path,
                    Resolve(copy.Source, inputs, built),
                    exclude: copy.Exclude.Count > 0 ? [.. copy.Exclude] : null,
                    include: copy.Include.Count > 0 ? [.. copy.Include] : null),
                (CopyFileStep copy, { } current) => current.WithFile(copy.Path, Resolve(copy.Source, built), permissions: copy.Permissions),
                (WorkdirStep workdir, { } current) => current.WithWorkdir(workdir.Path),
                (EnvStep env, { } current) => current.WithEnvVariable(env.Name, env.Value),
                (SecretEnvStep secret, { } current) => current.WithSecretVariable(secret.Name, inputs.SecretNamed(secret.SecretInput)),
                (SecretMountStep secret, { } current) => current.WithMountedSecret(secret.Path, inputs.SecretNamed(secret.SecretInput)),
                (ExecStep exec, { } current) => current.WithExec([.. exec.Args]),
                _ => throw new NotSupportedException($"container '{plan.Name}': {step.GetType().Name} cannot come after the first step"),
            };
        }

        return container ?? throw new InvalidOperationException($"container '{plan.Name}' has no steps");
    }

    private static Directory Resolve(DirectoryRef source, ModuleInputs inputs, Dictionary<string, Container> built) =>
        source switch
        {
            InputDirectory input => inputs.DirectoryNamed(input.Input),
            ContainerDirectory directory => Built(built, directory.Container).Directory(directory.Path),
            _ => throw new NotSupportedException(source.GetType().Name),
        };

    private static File Resolve(FileRef source, Dictionary<string, Container> built) =>
        source switch
        {
            ContainerFile file => Built(built, file.Container).File(file.Path),
            _ => throw new NotSupportedException(source.GetType().Name),
        };

    private static Container Built(Dictionary<string, Container> built, string name) =>
        built.TryGetValue(name, out var container)
            ? container
            : throw new InvalidOperationException($"container '{name}' is used before it is built");
}
