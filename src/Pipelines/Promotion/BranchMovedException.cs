namespace Pipelines.Promotion;

/// <summary>
/// A compare-and-swap on a branch found it somewhere other than expected: another promotion (or
/// a person) moved it since it was read. Nothing was written. Thrown by every host.
/// </summary>
/// <param name="repo">The repository's display name (<c>owner/name</c> or a path).</param>
/// <param name="expected">The SHA the branch had to point at; null when it had to be absent (create).</param>
/// <param name="actual">Where it points now; null when it does not exist (or could not be read).</param>
public sealed class BranchMovedException(string repo, string branch, string? expected, string? actual)
    : Exception(Format(repo, branch, expected, actual))
{
    public string Repo { get; } = repo;

    public string Branch { get; } = branch;

    public string? Expected { get; } = expected;

    public string? Actual { get; } = actual;

    private static string Format(string repo, string branch, string? expected, string? actual) =>
        $"{repo}: branch '{branch}' moved: expected {expected ?? "no branch"}, found {actual ?? "no branch"} " +
        "(another promotion or a person changed it); nothing was written";
}
