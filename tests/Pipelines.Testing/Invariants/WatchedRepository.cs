namespace Pipelines.Testing.Invariants;

/// <summary>A repository a promotion config names, as an observation watches it.</summary>
/// <param name="Name">The configuration label (<c>repos[].name</c>).</param>
/// <param name="Repository"><c>owner/name</c> in the emulator; ignored for local repositories.</param>
public sealed record WatchedRepository(string Name, string Repository, string From = "main", string To = "prod")
{
    /// <summary>Where a successful promotion leaves <c>to</c>; default: the <c>from</c> head when observation begins.</summary>
    public string? TargetSha { get; init; }
}
