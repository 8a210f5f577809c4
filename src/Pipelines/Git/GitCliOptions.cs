namespace Pipelines.Git;

public sealed record GitCliOptions
{
    public static GitCliOptions Default { get; } = new();

    /// <summary>The git program, found on PATH unless a path is given.</summary>
    public string Executable { get; init; } = "git";

    /// <summary>Limit for operations on a local repository.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Limit for a clone over the network.</summary>
    public TimeSpan CloneTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public GitCliOptions WithExecutable(string executable) => this with { Executable = executable };

    public GitCliOptions WithTimeout(TimeSpan timeout) => this with { Timeout = timeout };

    public GitCliOptions WithCloneTimeout(TimeSpan timeout) => this with { CloneTimeout = timeout };
}
