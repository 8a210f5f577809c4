namespace Pipelines.Promotion;

/// <summary>Commit id checks: 40 lowercase hex (SHA-1) or 64 (SHA-256 repositories).</summary>
public static class CommitSha
{
    public static bool IsValid(string? sha) =>
        sha is { Length: 40 or 64 } && sha.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The 12-character form used in summaries.</summary>
    public static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
