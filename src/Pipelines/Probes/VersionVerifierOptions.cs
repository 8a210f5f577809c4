namespace Pipelines.Probes;

/// <summary>Limits on what a staging /version answer may be; anything beyond them fails the check.</summary>
public sealed record VersionVerifierOptions
{
    public const int OneMebibyte = 1024 * 1024;

    public static VersionVerifierOptions Default { get; } = new();

    /// <summary>A version document is a few hundred bytes; a bigger body is a misrouted or hostile answer.</summary>
    public int MaxBodyBytes { get; init; } = OneMebibyte;

    public int MaxJsonDepth { get; init; } = 64;

    public VersionVerifierOptions WithMaxBodyBytes(int bytes) => this with { MaxBodyBytes = bytes };

    public VersionVerifierOptions WithMaxJsonDepth(int depth) => this with { MaxJsonDepth = depth };
}
