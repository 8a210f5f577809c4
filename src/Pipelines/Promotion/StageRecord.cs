namespace Pipelines.Promotion;

/// <summary>One stage's result, per repository where the stage is per repository.</summary>
/// <param name="OutputTail">For a failed check: the last lines it printed, redacted.</param>
public sealed record StageRecord(string Name, string? Repo, StageStatus Status, TimeSpan Duration, string Detail)
{
    public IReadOnlyList<string> OutputTail { get; init; } = [];
}
