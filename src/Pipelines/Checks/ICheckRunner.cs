using Pipelines.Configuration;
using Pipelines.Execution;

namespace Pipelines.Checks;

public sealed record CheckOutcome(string Name, bool Passed, ProcessResult? Result, string Detail, TimeSpan Duration)
{
    /// <summary>Skipped because a check it runs after failed.</summary>
    public bool Skipped => Result is null && !Passed;
}

/// <summary>
/// Runs the configured checks: concurrently, except where <c>after:</c> orders them, each with its
/// own timeout and an environment built from the caller's minus every configured token.
/// </summary>
public interface ICheckRunner
{
    Task<IReadOnlyList<CheckOutcome>> RunAsync(
        IReadOnlyList<CheckSettings> checks,
        Action<string, OutputLine>? onOutput,
        CancellationToken cancellationToken);
}
