using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Git;

/// <summary>The outcome of a compare-and-swap on a branch.</summary>
/// <param name="Swapped">True when the branch was written.</param>
/// <param name="Current">Where the branch points after the attempt (null: it does not exist).</param>
public readonly record struct BranchSwap(bool Swapped, string? Current);

/// <summary>
/// The few git operations Pipelines needs, on repositories on disk. Branch names and SHAs are
/// validated before git runs; failures throw <see cref="GitException"/>; cancellation throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IGit
{
    /// <summary>The commit a branch points at, or null when the branch does not exist.</summary>
    Task<string?> ResolveBranchAsync(string repository, string branch, CancellationToken cancellationToken = default);

    Task<bool> IsAncestorAsync(string repository, string ancestorSha, string descendantSha, CancellationToken cancellationToken = default);

    /// <summary>How <paramref name="headSha"/> relates to <paramref name="baseSha"/> (Ahead: head descends from base).</summary>
    Task<CommitRelation> CompareAsync(string repository, string baseSha, string headSha, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points <paramref name="branch"/> at <paramref name="newSha"/> only if it points at
    /// <paramref name="expectedSha"/> now (null: only if it does not exist). A branch found
    /// elsewhere is not an error: the result says so and where it is.
    /// </summary>
    Task<BranchSwap> SwapBranchAsync(string repository, string branch, string? expectedSha, string newSha, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="branch"/> only if it points at <paramref name="expectedSha"/>.</summary>
    Task<BranchSwap> DeleteBranchAsync(string repository, string branch, string expectedSha, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>git clone --depth 1 --branch</c>. A token, when given, reaches git only through its
    /// environment, as an HTTP header: never in the arguments, the URL or the clone's config.
    /// </summary>
    Task CloneShallowAsync(string url, string gitRef, string directory, Secret? token, CancellationToken cancellationToken = default);

    /// <summary>The commit checked out in <paramref name="directory"/>.</summary>
    Task<string> GetHeadAsync(string directory, CancellationToken cancellationToken = default);
}
