using Pipelines.Configuration;

namespace Pipelines.Promotion;

/// <summary>One repository's part in a run: what was read, what was pushed, where it ended.</summary>
public sealed class RepoState(RepoSettings settings, IRepositoryBranches branches)
{
    public RepoSettings Settings { get; } = settings;

    public IRepositoryBranches Branches { get; } = branches;

    /// <summary>The <c>from</c> head, resolved on this run: the commit staging must prove.</summary>
    public string? SourceSha { get; set; }

    /// <summary>The <c>to</c> head before the run; null when the branch does not exist yet (seed).</summary>
    public string? BeforeSha { get; set; }

    /// <summary>Where <c>to</c> points at the end of the run, as far as this run knows.</summary>
    public string? AfterSha { get; set; }

    public RepoStatus Status { get; set; } = RepoStatus.Pending;

    public bool IsSeed => BeforeSha is null;

    public bool NeedsPush => SourceSha is not null && SourceSha != BeforeSha;

    /// <summary>True once this run moved the <c>to</c> branch (and has not moved it back).</summary>
    public bool MovedByThisRun => Status is RepoStatus.Advanced or RepoStatus.Seeded;

    /// <summary>True when the branch may have moved: moved by this run, or a write whose fate is unknown.</summary>
    public bool MayHaveMoved => MovedByThisRun || Status == RepoStatus.Unknown;
}
