namespace Pipelines.Testing.Invariants;

/// <summary>
/// What a promotion left behind on the host, observed from outside the product: each watched
/// repository's <c>to</c> branch history over the run, and every issue, pull request and comment
/// that exists. Built by <see cref="EmulatorObservation"/> or <see cref="LocalGitObservation"/>,
/// or by hand in tests of the checker.
/// </summary>
public sealed record ObservedWorld(IReadOnlyList<ObservedRepository> Repositories, IReadOnlyList<ObservedPost> Posts)
{
    public static ObservedWorld Empty { get; } = new([], []);
}

/// <summary>
/// One repository's <c>to</c> branch as the run saw it.
/// </summary>
/// <param name="Name">The configuration label (<c>repos[].name</c>): how the report names it.</param>
/// <param name="Repository"><c>owner/name</c> or a path.</param>
/// <param name="To">The branch the gate promotes into.</param>
/// <param name="OriginalSha">Where <c>to</c> pointed when observation began; null when it did not exist.</param>
/// <param name="TargetSha">The commit a successful promotion puts there (the <c>from</c> head).</param>
/// <param name="FinalSha">Where <c>to</c> points now; null when it does not exist.</param>
/// <param name="Moves">Every movement of <c>to</c> during the observation, oldest first.</param>
/// <param name="IsAncestor">True when the first commit is the second or reachable from it.</param>
public sealed record ObservedRepository(
    string Name,
    string Repository,
    string To,
    string? OriginalSha,
    string? TargetSha,
    string? FinalSha,
    IReadOnlyList<ObservedRefMove> Moves,
    Func<string, string, bool> IsAncestor)
{
    /// <summary>Moves the product made (not the test's own moves that simulate someone else).</summary>
    public IEnumerable<ObservedRefMove> ProductMoves => Moves.Where(m => m.ByProduct);

    /// <summary>
    /// Where <c>to</c> would point had the product written nothing: the original SHA, or where the
    /// last move by someone else (the test simulating a concurrent promotion) put it.
    /// </summary>
    public string? UntouchedSha => Moves.LastOrDefault(m => !m.ByProduct) is { } external ? external.NewSha : OriginalSha;
}

/// <summary>
/// One movement of a branch: creation (<see cref="OldSha"/> null), update, or deletion
/// (<see cref="NewSha"/> null).
/// </summary>
/// <param name="ByProduct">False for moves the test made itself to play another actor.</param>
/// <param name="Order">
/// A position on the same scale as <see cref="ObservedPost.Order"/> (the emulator's request
/// sequence), or null when the host cannot tell.
/// </param>
public sealed record ObservedRefMove(string? OldSha, string? NewSha, bool Forced, bool ByProduct, long? Order);

public enum PostKind
{
    Comment,
    Issue,
    PullRequest,
    /// <summary>An entry appended to a local Markdown tracker.</summary>
    TrackerEntry,
}

/// <summary>An issue, pull request, comment or tracker entry, with where it sits in time when known.</summary>
/// <param name="Order">On the scale of <see cref="ObservedRefMove.Order"/>; null when unknown (made by the test, or a host without order).</param>
/// <param name="New">True when it appeared during the observation.</param>
public sealed record ObservedPost(PostKind Kind, string Location, string Body, long? Order, bool New);
