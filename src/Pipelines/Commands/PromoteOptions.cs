namespace Pipelines.Commands;

/// <summary>The flags of <c>pipelines promote</c> and <c>pipelines stage</c>, as parsed, not yet validated.</summary>
public sealed record PromoteOptions
{
    public string ConfigPath { get; init; } = "pipelines.yaml";

    public bool SkipGate { get; init; }

    public string? Justification { get; init; }

    public string? Actor { get; init; }

    public string? Trigger { get; init; }

    public bool DryRun { get; init; }

    public string? ReportPath { get; init; }

    public string? SummaryPath { get; init; }

    public string? RunId { get; init; }

    /// <summary>Null runs the whole gate; a stage name runs that stage alone (after resolving).</summary>
    public string? Stage { get; init; }
}
