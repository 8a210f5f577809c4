using Pipelines.GitHub;

namespace Pipelines.Promotion;

/// <summary>
/// The branches of one repository, on GitHub or on disk. Both implementations honour the same
/// rules: a missing branch reads as null, a non-forced update must be a fast-forward, and
/// <see cref="UpdateAsync"/> fails when the branch no longer points at <c>expectedOldSha</c>
/// (a compare-and-swap locally and, for forced updates and deletes, on GitHub through GraphQL
/// <c>updateRefs</c>; a GitHub fast-forward push relies on the gate's re-read just before).
/// </summary>
public interface IRepositoryBranches
{
    /// <summary>A label for messages: <c>owner/name</c> or a path.</summary>
    string DisplayName { get; }

    Task<string?> GetHeadAsync(string branch, CancellationToken cancellationToken);

    /// <summary>How <paramref name="headSha"/> relates to <paramref name="baseSha"/>.</summary>
    Task<CommitRelation> CompareAsync(string baseSha, string headSha, CancellationToken cancellationToken);

    Task CreateAsync(string branch, string sha, CancellationToken cancellationToken);

    Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken);

    Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken);
}

/// <summary>Where bypass and rollback audit entries go: a GitHub issue or a Markdown file.</summary>
public interface IAuditTrail
{
    /// <summary>A label for messages and the report: an issue URL or a file path.</summary>
    string Location { get; }

    /// <summary>
    /// True when an entry starting with <paramref name="marker"/> was already posted (crash re-runs).
    /// With <paramref name="author"/>, only entries written by that login count: someone else's
    /// comment that starts with the marker must not suppress ours.
    /// </summary>
    Task<bool> ContainsAsync(string marker, string? author, CancellationToken cancellationToken);

    /// <summary>Posts the entry and returns where it can be read (comment URL or file path).</summary>
    Task<string> AppendAsync(string markdown, CancellationToken cancellationToken);
}

/// <summary>Opens repositories and the tracker on one host (GitHub or local).</summary>
public interface IPromotionHost
{
    IRepositoryBranches OpenRepository(Configuration.RepoSettings repo);

    IAuditTrail? OpenTracker(Configuration.BypassSettings? bypass);

    /// <summary>The identity the tracker writes as, if known without a call (configured, or learned earlier in this run).</summary>
    TokenIdentity? KnownIdentity { get; }

    /// <summary>Learns the identity the tracker writes as, at most once per run; never throws for a GitHub answer (see <see cref="TokenIdentity.Problem"/>).</summary>
    Task<TokenIdentity> IdentityAsync(CancellationToken cancellationToken);
}
