using Pipelines.GitHub;
using Pipelines.Promotion;

namespace Pipelines.Git;

/// <summary>
/// The branches of a git repository on disk, under the same rules as GitHub: a missing branch
/// reads as null, a non-forced update must be a fast-forward, and every write is a
/// compare-and-swap that fails with <see cref="BranchMovedException"/> when the branch moved.
/// </summary>
internal sealed class LocalRepositoryBranches(IGit git, string path) : IRepositoryBranches
{
    public string DisplayName => path;

    public Task<string?> GetHeadAsync(string branch, CancellationToken cancellationToken) =>
        git.ResolveBranchAsync(path, branch, cancellationToken);

    public Task<CommitRelation> CompareAsync(string baseSha, string headSha, CancellationToken cancellationToken) =>
        git.CompareAsync(path, baseSha, headSha, cancellationToken);

    public async Task CreateAsync(string branch, string sha, CancellationToken cancellationToken)
    {
        var swap = await git.SwapBranchAsync(path, branch, expectedSha: null, sha, cancellationToken).ConfigureAwait(false);
        if (!swap.Swapped)
        {
            throw new BranchMovedException(path, branch, expectedSha: null, swap.Current);
        }
    }

    public async Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken)
    {
        GitNames.ThrowIfInvalidBranch(branch, nameof(branch));
        GitNames.ThrowIfInvalidSha(expectedOldSha, nameof(expectedOldSha));
        GitNames.ThrowIfInvalidSha(newSha, nameof(newSha));
        if (!force && !await git.IsAncestorAsync(path, expectedOldSha, newSha, cancellationToken).ConfigureAwait(false))
        {
            throw new NotFastForwardException(path, branch, expectedOldSha, newSha);
        }

        var swap = await git.SwapBranchAsync(path, branch, expectedOldSha, newSha, cancellationToken).ConfigureAwait(false);
        if (!swap.Swapped)
        {
            throw new BranchMovedException(path, branch, expectedOldSha, swap.Current);
        }
    }

    public async Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken)
    {
        var swap = await git.DeleteBranchAsync(path, branch, expectedSha, cancellationToken).ConfigureAwait(false);
        if (!swap.Swapped)
        {
            throw new BranchMovedException(path, branch, expectedSha, swap.Current);
        }
    }
}
