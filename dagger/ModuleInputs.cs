using Dagger;
using Pipelines.Containers;

namespace PipelinesModule;

/// <summary>A function's object arguments, by the names the plan's steps use (<see cref="PlanInputs"/>).</summary>
/// <param name="Source">This module's repository: what the CLI is built from.</param>
/// <param name="Workspace">
/// The caller's repository. Absent only when the module runs from its own checkout without
/// --workspace; then that checkout is the workspace (its examples, its own pipelines.yaml).
/// </param>
internal sealed record ModuleInputs(Directory Source, Directory? Workspace = null)
{
    public IReadOnlyDictionary<string, Secret> Secrets { get; init; } = new Dictionary<string, Secret>();

    public IReadOnlyDictionary<string, Container> Containers { get; init; } = new Dictionary<string, Container>();

    /// <summary>Adds the secret arguments that were passed; absent ones are simply not there.</summary>
    public ModuleInputs WithSecrets(params (string Name, Secret? Value)[] secrets) =>
        this with { Secrets = Present(secrets) };

    public ModuleInputs WithContainers(params (string Name, Container? Value)[] containers) =>
        this with { Containers = Present(containers) };

    public Directory DirectoryNamed(string name) => name switch
    {
        PlanInputs.Source => Source,
        PlanInputs.Workspace => Workspace ?? Source,
        _ => throw Missing("directory", name),
    };

    public Secret SecretNamed(string name) =>
        Secrets.TryGetValue(name, out var secret) ? secret : throw Missing("secret", name);

    public Container ContainerNamed(string name) =>
        Containers.TryGetValue(name, out var container) ? container : throw Missing("container", name);

    private static Dictionary<string, T> Present<T>((string Name, T? Value)[] values)
        where T : class =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);

    private static InvalidOperationException Missing(string kind, string name) =>
        new($"the plan uses the {kind} argument '{name}', which was not passed");
}
