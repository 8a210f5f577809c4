namespace Pipelines.Tests.Integration.Harness;

/// <summary>How a scenario repository's branches relate at the start.</summary>
public enum RepoShape
{
    /// <summary>prod at the first commit, main two commits further: a promotion fast-forwards.</summary>
    MainAhead,

    /// <summary>prod already equals main: nothing to promote.</summary>
    Unchanged,

    /// <summary>Only main exists: a promotion seeds prod.</summary>
    NoProd,

    /// <summary>prod carries a commit main lacks: no fast-forward.</summary>
    Diverged,
}

public sealed record RepoSetup(string Name, RepoShape Shape = RepoShape.MainAhead);
