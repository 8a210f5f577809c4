using Pipelines.Promotion;

namespace Pipelines.GitHub;

/// <summary>
/// One repository's branches on GitHub. A push (create, fast-forward) goes through REST: GitHub
/// itself refuses a non-fast-forward, and the gate re-reads just before. A forced move and a
/// delete (what a rollback does) go through GraphQL <c>updateRefs</c> with the expected SHA as
/// <c>beforeOid</c>: a true compare-and-swap, so a commit someone else landed in between is never
/// reverted. The repository's node id it needs is read once, on the first such write.
/// </summary>
internal sealed class GitHubRepositoryBranches : IRepositoryBranches
{
    private readonly RepositoryId _repo;
    private readonly IGitHubClient _read;
    private readonly Lazy<IGitHubClient> _push;
    private Task<string>? _nodeId;

    public GitHubRepositoryBranches(RepositoryId repo, IGitHubClient read, Lazy<IGitHubClient> push)
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
        _push.Value.CreateBranchAsync(_repo, branch, sha, cancellationToken);

    public Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken) =>
        force
            ? SwapAsync(new RefUpdate(branch, expectedOldSha, newSha, Force: true), cancellationToken)
            : _push.Value.UpdateBranchAsync(_repo, branch, newSha, force: false, cancellationToken);

    public Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken) =>
        SwapAsync(new RefUpdate(branch, expectedSha, AfterSha: null, Force: true), cancellationToken);

    private async Task SwapAsync(RefUpdate update, CancellationToken cancellationToken)
    {
        var nodeId = await NodeIdAsync(cancellationToken).ConfigureAwait(false);
        await _push.Value.UpdateRefsAsync(_repo, nodeId, [update], cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> NodeIdAsync(CancellationToken cancellationToken)
    {
        // A failed lookup is not cached: the rollback's retry may look it up again.
        var lookup = _nodeId ??= _read.GetRepositoryNodeIdAsync(_repo, cancellationToken);
        try
        {
            return await lookup.ConfigureAwait(false);
        }
        catch
        {
            _nodeId = null;
            throw;
        }
    }
}
