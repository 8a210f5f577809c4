namespace Pipelines.Containers;

/// <summary>How Dagger may cache a module function's result.</summary>
internal enum CachePolicy
{
    /// <summary>Dagger's default: the same inputs may return the stored result. Only for pure builds and tests.</summary>
    Default,

    /// <summary>Runs on every call: anything that reads live state, writes refs, posts or validates.</summary>
    Never,
}
