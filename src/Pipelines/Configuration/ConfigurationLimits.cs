namespace Pipelines.Configuration;

/// <summary>
/// Bounds on what the loader accepts. A real configuration is a few kilobytes and a handful of
/// levels deep; anything far beyond that is a mistake or an attack, and is refused before it can
/// exhaust memory or the stack.
/// </summary>
public static class ConfigurationLimits
{
    /// <summary>Largest accepted file, in bytes (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Deepest accepted nesting of mappings and lists. The schema needs five.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most YAML nodes (keys, values, lists, mappings) in one file.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>Longest accepted duration; also keeps every timeout inside what timers accept.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);
}
