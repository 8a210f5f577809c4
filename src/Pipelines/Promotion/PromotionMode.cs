namespace Pipelines.Promotion;

/// <summary>
/// Whether a run may write. Dry run is a mode passed in, not a flag tested all over the gate:
/// it wraps the host so every read, probe and check runs and every write is only recorded.
/// </summary>
public abstract class PromotionMode
{
    public static PromotionMode Live { get; } = new LiveMode();

    public static PromotionMode DryRun { get; } = new DryRunMode();

    public abstract bool WritesAnything { get; }

    /// <summary>The outcome a run that got through every stage ends with.</summary>
    public abstract PromotionOutcome SuccessOutcome { get; }

    public abstract IRepositoryBranches Apply(IRepositoryBranches branches);

    public abstract IAuditTrail Apply(IAuditTrail trail);

    /// <summary>What the bypass stage says once <see cref="IAuditTrail.AppendAsync"/> on <paramref name="trail"/> answered <paramref name="location"/>.</summary>
    public abstract string AuditPosted(IAuditTrail trail, string location);

    private sealed class LiveMode : PromotionMode
    {
        public override bool WritesAnything => true;

        public override PromotionOutcome SuccessOutcome => PromotionOutcome.Promoted;

        public override IRepositoryBranches Apply(IRepositoryBranches branches) => branches;

        public override IAuditTrail Apply(IAuditTrail trail) => trail;

        public override string AuditPosted(IAuditTrail trail, string location) => $"justification recorded at {location}";
    }

    private sealed class DryRunMode : PromotionMode
    {
        public override bool WritesAnything => false;

        public override PromotionOutcome SuccessOutcome => PromotionOutcome.DryRun;

        public override IRepositoryBranches Apply(IRepositoryBranches branches) => new ReadOnlyBranches(branches);

        public override IAuditTrail Apply(IAuditTrail trail) => new UnpostedAuditTrail(trail);

        public override string AuditPosted(IAuditTrail trail, string location) => $"would post the audit entry to {trail.Location} (dry run: nothing posted)";
    }

    private sealed class ReadOnlyBranches(IRepositoryBranches inner) : IRepositoryBranches
    {
        public string DisplayName => inner.DisplayName;

        public Task<string?> GetHeadAsync(string branch, CancellationToken cancellationToken) =>
            inner.GetHeadAsync(branch, cancellationToken);

        public Task<GitHub.CommitRelation> CompareAsync(string baseSha, string headSha, CancellationToken cancellationToken) =>
            inner.CompareAsync(baseSha, headSha, cancellationToken);

        public Task CreateAsync(string branch, string sha, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken) =>
            Task.CompletedTask;

        public Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class UnpostedAuditTrail(IAuditTrail inner) : IAuditTrail
    {
        public string Location => inner.Location;

        public Task<bool> ContainsAsync(string marker, string? author, CancellationToken cancellationToken) =>
            inner.ContainsAsync(marker, author, cancellationToken);

        public Task<string> AppendAsync(string markdown, CancellationToken cancellationToken) =>
            Task.FromResult($"{inner.Location} (dry run: nothing posted)");
    }
}
