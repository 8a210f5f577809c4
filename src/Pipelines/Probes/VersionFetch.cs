namespace Pipelines.Probes;

/// <summary>What one GET of a /version URL produced.</summary>
internal abstract record VersionFetch
{
    private VersionFetch()
    {
    }

    /// <summary>The request failed below HTTP (refused, reset, timed out): the only case worth a retry.</summary>
    public sealed record NetworkFailure(string Reason) : VersionFetch;

    public sealed record Answered(bool IsOk, string Status, byte[] Body) : VersionFetch;

    public sealed record TooLarge(string Status) : VersionFetch;
}
