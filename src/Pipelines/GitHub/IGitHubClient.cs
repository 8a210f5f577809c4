using Pipelines.Security;

namespace Pipelines.GitHub;

/// <summary>
/// The narrow slice of GitHub's REST API that Pipelines uses, and nothing more. Reads are retried
/// on 5xx, 429 and network errors; writes are sent once (a caller that sees a write fail
/// re-reads to learn whether it landed). Failures throw <see cref="GitHubApiException"/>.
/// </summary>
public interface IGitHubClient
{
    // Branches and refs
    /// <summary>The SHA a branch points at, or null when the branch does not exist (404).</summary>
    Task<string?> GetBranchHeadAsync(RepositoryId repo, string branch, CancellationToken cancellationToken = default);

    Task<Comparison> CompareAsync(RepositoryId repo, string baseRef, string headRef, CancellationToken cancellationToken = default);

    Task CreateBranchAsync(RepositoryId repo, string branch, string sha, CancellationToken cancellationToken = default);

    /// <summary>PATCH the ref; without <paramref name="force"/> GitHub rejects a non-fast-forward with 422.</summary>
    Task UpdateBranchAsync(RepositoryId repo, string branch, string sha, bool force, CancellationToken cancellationToken = default);

    Task DeleteBranchAsync(RepositoryId repo, string branch, CancellationToken cancellationToken = default);

    /// <summary>The repository's GraphQL node id (<c>node_id</c> of <c>GET /repos/{owner}/{repo}</c>), which <see cref="UpdateRefsAsync"/> needs.</summary>
    Task<string> GetRepositoryNodeIdAsync(RepositoryId repo, CancellationToken cancellationToken = default);

    /// <summary>
    /// GraphQL <c>updateRefs</c>: every update applies only if its ref still points at its
    /// <see cref="RefUpdate.BeforeSha"/>, and all of them or none apply (a compare-and-swap the
    /// REST API lacks). A write: sent once. A refusal (GraphQL <c>errors</c>) throws.
    /// </summary>
    Task UpdateRefsAsync(RepositoryId repo, string repositoryNodeId, IReadOnlyList<RefUpdate> updates, CancellationToken cancellationToken = default);

    // Identity
    /// <summary>
    /// The login the token acts as (<c>GET /user</c>). A GitHub App installation token gets 403
    /// here; that throws like any other failure.
    /// </summary>
    Task<string> GetAuthenticatedLoginAsync(CancellationToken cancellationToken = default);

    // Issues and comments (pull requests are issues for these calls, so closing works for both)
    Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepositoryId repo, int number, CancellationToken cancellationToken = default);

    Task<IssueComment> CreateIssueCommentAsync(RepositoryId repo, int number, string body, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Issue>> ListOpenIssuesAsync(RepositoryId repo, string label, CancellationToken cancellationToken = default);

    Task<Issue> CreateIssueAsync(RepositoryId repo, string title, string body, IReadOnlyList<string> labels, CancellationToken cancellationToken = default);

    Task CloseIssueAsync(RepositoryId repo, int number, CancellationToken cancellationToken = default);

    // Files and pull requests
    /// <summary>A file on a branch, or null when it does not exist.</summary>
    Task<RepositoryFile?> GetFileAsync(RepositoryId repo, string path, string branch, CancellationToken cancellationToken = default);

    Task UpdateFileAsync(RepositoryId repo, string path, string branch, string content, string blobSha, string message, CancellationToken cancellationToken = default);

    /// <summary>Open pull requests whose head branch (in the same repository) is <paramref name="headBranch"/>.</summary>
    Task<IReadOnlyList<PullRequest>> ListOpenPullRequestsAsync(RepositoryId repo, string headBranch, CancellationToken cancellationToken = default);

    Task<PullRequest> CreatePullRequestAsync(RepositoryId repo, string title, string headBranch, string baseBranch, string body, CancellationToken cancellationToken = default);
}

/// <summary>Creates clients bound to one token; the promote gate uses one per push token.</summary>
public interface IGitHubClientFactory
{
    IGitHubClient Create(Secret token);
}
