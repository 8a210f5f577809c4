using Pipelines.GitHub;

namespace Pipelines.Tests.Reliability;

/// <summary>The GitHub client options of the fault matrix: small retry delays, and a short request timeout only where a hang is injected.</summary>
internal static class MatrixClient
{
    /// <summary>A hung request is cut after this: the only fault that waits for the timeout.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromMilliseconds(800);

    /// <summary>Every other cell: generous, so a loaded 2-core machine never times out a healthy request.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <param name="retries">Receives every retry the client makes (only a read is ever retried).</param>
    public static Func<GitHubClientOptions, GitHubClientOptions> For(string fault, List<GitHubRetryNotice>? retries = null) =>
        options => options
            .WithRequestTimeout(fault == "hang" ? HangTimeout : DefaultTimeout)
            .WithRetry(new GitHubRetryOptions(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)))
            .WithOnRetry(retries is null ? null : notice =>
            {
                lock (retries)
                {
                    retries.Add(notice);
                }
            });

    /// <summary>The re-read budget after a failed write: a few quick reads, so an unknown is settled in milliseconds.</summary>
    public static readonly Pipelines.Promotion.ReconcileBudget Reconcile = new(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    /// <summary>The retries recorded so far (the client records them from its own threads).</summary>
    public static IReadOnlyList<GitHubRetryNotice> Snapshot(List<GitHubRetryNotice> retries)
    {
        lock (retries)
        {
            return retries.ToList();
        }
    }
}
