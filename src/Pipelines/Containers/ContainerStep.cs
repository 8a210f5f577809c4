namespace Pipelines.Containers;

// Each step is one Dagger API call. The module turns a step into exactly that call and nothing
// more, so everything worth testing about a container (image, mounts, environment, secrets,
// command line) is visible here as data.

/// <summary>One call on a container, in the order the container is built.</summary>
public abstract record ContainerStep;

/// <summary>Start from an image pulled by address (<c>Container.From</c>).</summary>
public sealed record FromImageStep(string Address) : ContainerStep;

/// <summary>Start from a container the caller passed in (for example a toolchain image for the checks).</summary>
public sealed record FromInputContainerStep(string Input) : ContainerStep;

/// <summary>Mount a cache volume shared between runs (<c>Container.WithMountedCache</c>).</summary>
public sealed record MountCacheStep(string Path, string Volume) : ContainerStep;

/// <summary>Copy a directory into the container (<c>Container.WithDirectory</c>).</summary>
public sealed record CopyDirectoryStep(string Path, DirectoryRef Source) : ContainerStep
{
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool Equals(CopyDirectoryStep? other) =>
        other is not null && Path == other.Path && Source == other.Source
        && Include.SequenceEqual(other.Include) && Exclude.SequenceEqual(other.Exclude);

    public override int GetHashCode() => HashCode.Combine(Path, Source, Include.Count, Exclude.Count);
}

/// <summary>Copy a file into the container (<c>Container.WithFile</c>).</summary>
public sealed record CopyFileStep(string Path, FileRef Source, int? Permissions = null) : ContainerStep;

/// <summary>Set the working directory (<c>Container.WithWorkdir</c>).</summary>
public sealed record WorkdirStep(string Path) : ContainerStep;

/// <summary>
/// Set a plain environment variable (<c>Container.WithEnvVariable</c>). Plain values are visible
/// in the engine's logs and cache keys: only non-secret values go here. Untrusted text (a
/// justification, a dispatch payload) goes here too, because a variable is never parsed by a shell.
/// </summary>
public sealed record EnvStep(string Name, string Value) : ContainerStep;

/// <summary>Expose a secret argument as an environment variable (<c>Container.WithSecretVariable</c>).</summary>
public sealed record SecretEnvStep(string Name, string SecretInput) : ContainerStep;

/// <summary>Mount a secret argument as a file (<c>Container.WithMountedSecret</c>).</summary>
public sealed record SecretMountStep(string Path, string SecretInput) : ContainerStep;

/// <summary>Run a command (<c>Container.WithExec</c>). Arguments are an argv, never a shell line built from input.</summary>
public sealed record ExecStep(IReadOnlyList<string> Args, ExitExpectation Expect = ExitExpectation.Success) : ContainerStep
{
    public bool Equals(ExecStep? other) =>
        other is not null && Expect == other.Expect && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Expect, Args.Count);

    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Args = [{string.Join(", ", Args)}], Expect = {Expect}");
        return true;
    }
}

/// <summary>Which exit codes an exec may end with without failing the pipeline.</summary>
public enum ExitExpectation
{
    /// <summary>Only 0; any other code fails the call and becomes the <c>dagger call</c> exit status.</summary>
    Success,

    /// <summary>Any code: used where the code is recorded in a file and acted on later.</summary>
    Any,
}
