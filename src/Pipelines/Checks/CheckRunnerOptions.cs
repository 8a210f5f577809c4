namespace Pipelines.Checks;

public sealed record CheckRunnerOptions
{
    public const int DefaultTailLines = 50;

    public static CheckRunnerOptions Default { get; } = new();

    /// <summary>How many checks may run at once; null is no limit. 1 runs them one at a time.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>Trailing output lines kept for the report of a failed check.</summary>
    public int TailLines { get; init; } = DefaultTailLines;

    public CheckRunnerOptions WithMaxParallel(int? maxParallel) => this with { MaxParallel = maxParallel };

    public CheckRunnerOptions WithTailLines(int tailLines) => this with { TailLines = tailLines };
}
