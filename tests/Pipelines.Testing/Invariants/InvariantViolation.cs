namespace Pipelines.Testing.Invariants;

/// <summary>The invariants of issue 5 item 2, plus the dry-run rule they imply.</summary>
public enum PromotionInvariant
{
    /// <summary>No <c>to</c> ref moved unless every gate check passed or a bypass audit entry was posted before it moved.</summary>
    GateBeforeMove,

    /// <summary>No <c>to</c> ref moved to a commit that does not descend from its previous value, except a recorded rollback.</summary>
    FastForwardOnly,

    /// <summary>At the end: all at target, or all untouched, or exit 3 and the report names where each <c>to</c> points.</summary>
    ConsistentEnd,

    /// <summary>No token value in stdout, stderr, the report, the summary, an audit entry or an exception message.</summary>
    NoTokenLeak,

    /// <summary>No issue, pull request or comment created twice for one run (same run marker).</summary>
    NoDuplicatePost,

    /// <summary>A dry run writes no ref (and posts nothing).</summary>
    DryRunWritesNothing,
}

/// <summary>One broken invariant, described without any secret value.</summary>
public sealed record InvariantViolation(PromotionInvariant Invariant, string? Repo, string Message)
{
    public override string ToString() => $"{Invariant}{(Repo is null ? string.Empty : $" [{Repo}]")}: {Message}";
}

/// <summary>Thrown by <see cref="PromotionInvariants.AssertHolds"/>; the message lists every violation.</summary>
public sealed class InvariantViolationException(IReadOnlyList<InvariantViolation> violations)
    : Exception("promotion invariants violated:\n  " + string.Join("\n  ", violations))
{
    public IReadOnlyList<InvariantViolation> Violations { get; } = violations;
}
