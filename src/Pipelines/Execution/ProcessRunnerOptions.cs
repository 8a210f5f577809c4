namespace Pipelines.Execution;

/// <summary>Limits the <see cref="ProcessRunner"/> applies to every process it starts.</summary>
public sealed record ProcessRunnerOptions
{
    public static ProcessRunnerOptions Default { get; } = new();

    /// <summary>
    /// How long output is still read after the process has exited or been killed. A descendant
    /// that escaped the process tree (double fork) can hold the pipes open for ever; past this
    /// the runner stops reading instead of hanging.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longer lines are cut (and marked), so one endless line cannot exhaust memory.</summary>
    public int MaxLineLength { get; init; } = 16 * 1024;

    public ProcessRunnerOptions WithDrainTimeout(TimeSpan timeout) => this with { DrainTimeout = timeout };

    public ProcessRunnerOptions WithMaxLineLength(int length) => this with { MaxLineLength = length };
}
