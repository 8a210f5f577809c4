namespace Pipelines.Promotion;

/// <summary>
/// A branch no longer points where this run last saw it: another promotion (or a person) moved
/// it. The gate stops rather than overwrite somebody else's push.
/// </summary>
public sealed class BranchMovedException : Exception
{
    public BranchMovedException(string repository, string branch, string? expectedSha, string? actualSha)
        : base($"{repository}: {branch} moved since it was read (expected {Describe(expectedSha)}, found {Describe(actualSha)}); another promotion may be running")
    {
        Repository = repository;
        Branch = branch;
        ExpectedSha = expectedSha;
        ActualSha = actualSha;
    }

    public string Repository { get; }

    public string Branch { get; }

    public string? ExpectedSha { get; }

    public string? ActualSha { get; }

    private static string Describe(string? sha) => sha is null ? "no branch" : CommitSha.Short(sha);
}
