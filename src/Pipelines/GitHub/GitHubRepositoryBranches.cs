using Pipelines.Promotion;

namespace Pipelines.GitHub;

/// <summary>
/// One repository's branches over the REST API. The REST API has no compare-and-swap for refs:
/// <see cref="UpdateAsync"/> and <see cref="DeleteAsync"/> do not check the expected SHA
/// themselves; the gate re-reads the ref just before writing, which is the closest GitHub allows.
/// </summary>
internal sealed class GitHubRepositoryBranches : IRepositoryBranches
{
    private readonly RepositoryId _repo;
    private readonly IGitHubClient _read;
    private readonly IGitHubClient _push;

    public GitHubRepositoryBranches(RepositoryId repo, IGitHubClient read, IGitHubClient push)
    {
        _repo = repo;
        _read = read;
        _push = push;
    }

    public string DisplayName => _repo.ToString();

    public Task<string?> GetHeadAsync(string branch, CancellationToken cancellationToken) =>
        _read.GetBranchHeadAsync(_repo, branch, cancellationToken);

    public async Task<CommitRelation> CompareAsync(string baseSha, string headSha, CancellationToken cancellationToken) =>
        (await _read.CompareAsync(_repo, baseSha, headSha, cancellationToken).ConfigureAwait(false)).Relation;

    public Task CreateAsync(string branch, string sha, CancellationToken cancellationToken) =>
        _push.CreateBranchAsync(_repo, branch, sha, cancellationToken);

    public Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken) =>
        _push.UpdateBranchAsync(_repo, branch, newSha, force, cancellationToken);

    public Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken) =>
        _push.DeleteBranchAsync(_repo, branch, cancellationToken);
}
