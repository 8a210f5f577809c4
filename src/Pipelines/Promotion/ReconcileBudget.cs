namespace Pipelines.Promotion;

/// <summary>
/// How hard the gate tries to read a branch after one of its own writes failed. That read decides
/// between "landed" and "did not land", the most important answer a run gives, so it gets its own
/// budget on top of the client's ordinary read retries: up to <paramref name="Attempts"/> reads,
/// with exponential backoff from <paramref name="BaseDelay"/>, each delay capped at <paramref name="MaxDelay"/>.
/// </summary>
public sealed record ReconcileBudget(int Attempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Five reads over about half a minute (plus the client's own retries inside each).</summary>
    public static ReconcileBudget Default { get; } = new(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));

    public TimeSpan DelayBefore(int attempt) =>
        attempt <= 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Min(attempt - 2, 20))));
}

/// <summary>What a read after a failed write learned.</summary>
/// <param name="Known">False when every read failed: the branch may or may not have moved.</param>
/// <param name="Sha">Where the branch points (null: it does not exist); meaningless when not known.</param>
/// <param name="Error">The last read's error when not known.</param>
internal sealed record BranchReading(bool Known, string? Sha, string? Error)
{
    public static async Task<BranchReading> ReadAsync(
        IRepositoryBranches branches, string branch, ReconcileBudget budget, TimeProvider time, CancellationToken cancellationToken)
    {
        string? error = null;
        for (var attempt = 1; attempt <= Math.Max(1, budget.Attempts); attempt++)
        {
            var delay = budget.DelayBefore(attempt);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return new BranchReading(true, await branches.GetHeadAsync(branch, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = e.Message;
            }
        }

        return new BranchReading(false, null, error);
    }
}
