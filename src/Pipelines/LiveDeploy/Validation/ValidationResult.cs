using Pipelines.Execution;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>A command that did not succeed, or whose output did not prove what it had to: what ran, how it ended, and its last output lines (redacted).</summary>
public sealed record CommandFailure(string Command, int? ExitCode, string Termination, IReadOnlyList<string> OutputTail)
{
    public static CommandFailure From(ProcessCommand command, ProcessResult result, Func<string, string> redact) =>
        new(
            redact(command.ToString()),
            result.Termination == ProcessTermination.Exited ? result.ExitCode : null,
            result.Describe(),
            result.OutputTail.Select(redact).ToList());

    public static CommandFailure NotRun(string command, string reason) => new(command, null, reason, []);
}

/// <summary>One wfctl command as it ran, for the report.</summary>
public sealed record CommandRecord(string Command, string Outcome, long DurationMs);

/// <summary>How many resources the plan listed, apply created and destroy removed (null: that step did not run or say).</summary>
public sealed record ResourceCounts(int? Planned, int? Applied, int? Destroyed);

/// <summary>What validating one plugin's example showed.</summary>
/// <param name="Counted">False when the red says nothing about the plugin (cancelled, wfctl could not start).</param>
/// <param name="Failure">The validation command that failed, when one did.</param>
/// <param name="TeardownFailure">The teardown command that failed, timed out or did not prove teardown, when one did.</param>
/// <param name="NotValidatedReason">Why a successful run did not exercise the plugin (the verdict is then not-validated).</param>
/// <param name="OutputTail">The last lines of the final validation command (the plan, for depth plan).</param>
public sealed record ValidationResult(
    Verdict Verdict,
    int Attempts,
    bool Counted,
    CommandFailure? Failure,
    CommandFailure? TeardownFailure,
    string? LeakedTag,
    IReadOnlyList<string> OutputTail,
    IReadOnlyList<CommandRecord> Commands,
    string? TransientRetryReason,
    string? NotValidatedReason = null,
    ResourceCounts? Resources = null);
