namespace Pipelines.Promotion;

/// <summary>A non-forced branch update whose target does not descend from the branch's current commit.</summary>
public sealed class NotFastForwardException(string repo, string branch, string currentSha, string targetSha)
    : Exception($"{repo}: moving branch '{branch}' from {currentSha} to {targetSha} is not a fast-forward; refused")
{
    public string Repo { get; } = repo;

    public string Branch { get; } = branch;

    public string CurrentSha { get; } = currentSha;

    public string TargetSha { get; } = targetSha;
}
