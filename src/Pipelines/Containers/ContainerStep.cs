namespace Pipelines.Containers;

// Each step is one Dagger API call. The module turns a step into exactly that call and nothing
// more, so everything worth testing about a container (image, mounts, environment, secrets,
// command line) is visible here as data.

/// <summary>One call on a container, in the order the container is built.</summary>
internal abstract record ContainerStep;

/// <summary>Start from an image pulled by address (<c>Container.From</c>).</summary>
internal sealed record FromImageStep(string Address) : ContainerStep;

/// <summary>Start from a container the caller passed in (for example a toolchain image for the checks).</summary>
internal sealed record FromInputContainerStep(string Input) : ContainerStep;

/// <summary>Mount a cache volume shared between runs (<c>Container.WithMountedCache</c>).</summary>
internal sealed record MountCacheStep(string Path, string Volume) : ContainerStep;

/// <summary>Copy a directory into the container (<c>Container.WithDirectory</c>).</summary>
internal sealed record CopyDirectoryStep(string Path, DirectoryRef Source) : ContainerStep
{
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool Equals(CopyDirectoryStep? other) =>
        other is not null && Path == other.Path && Source == other.Source
        && Include.SequenceEqual(other.Include) && Exclude.SequenceEqual(other.Exclude);

    public override int GetHashCode() => HashCode.Combine(Path, Source, Include.Count, Exclude.Count);
}

/// <summary>Copy a file into the container (<c>Container.WithFile</c>).</summary>
internal sealed record CopyFileStep(string Path, FileRef Source, int? Permissions = null) : ContainerStep;

/// <summary>Set the working directory (<c>Container.WithWorkdir</c>).</summary>
internal sealed record WorkdirStep(string Path) : ContainerStep;

/// <summary>
/// Set a plain environment variable (<c>Container.WithEnvVariable</c>). Plain values are visible
/// in the engine's logs and cache keys: only non-secret values go here. Untrusted text (a
/// justification, a dispatch payload) goes here too, because a variable is never parsed by a shell.
/// </summary>
internal sealed record EnvStep(string Name, string Value) : ContainerStep;

/// <summary>Expose a secret argument as an environment variable (<c>Container.WithSecretVariable</c>).</summary>
internal sealed record SecretEnvStep(string Name, string SecretInput) : ContainerStep;

/// <summary>Mount a secret argument as a file (<c>Container.WithMountedSecret</c>).</summary>
internal sealed record SecretMountStep(string Path, string SecretInput) : ContainerStep;

/// <summary>
/// Run a command (<c>Container.WithExec</c>) that must exit 0; any other code fails the call and
/// becomes the <c>dagger call</c> exit status. Arguments are an argv, never a shell line built from
/// input. There is deliberately no "any exit code" mode: the engine's <c>ANY</c> accepts only
/// 0-127 and 192-255 (core/container.go, ReturnTypes.ReturnCodes, dagger v0.21.7), so a command
/// killed by a signal (128+n) would still fail the call. A code that must survive is recorded by
/// <see cref="ShellScripts.RecordExitCode"/>, which itself always exits 0.
/// </summary>
internal sealed record ExecStep(IReadOnlyList<string> Args) : ContainerStep
{
    public bool Equals(ExecStep? other) => other is not null && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => Args.Count;

    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Args = [{string.Join(", ", Args)}]");
        return true;
    }
}
