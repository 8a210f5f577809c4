namespace Pipelines.Execution;

public enum OutputStream
{
    StandardOutput,
    StandardError,
}

/// <summary>One line a process wrote, already redacted.</summary>
public readonly record struct OutputLine(OutputStream Stream, string Text);

/// <summary>
/// Starts processes. On timeout or cancellation the whole process tree is killed and the result
/// says so; it never throws for a non-zero exit code.
/// </summary>
/// <remarks>
/// Cancellation does not throw: when <c>cancellationToken</c> fires, the process tree is killed,
/// the runner waits for it to exit and returns a result whose
/// <see cref="ProcessResult.Termination"/> is <see cref="ProcessTermination.Cancelled"/> (with the
/// output seen so far), so the caller can still report what the process printed. A caller that
/// wants to unwind checks its token afterwards. A token that is already cancelled returns
/// <see cref="ProcessTermination.Cancelled"/> without starting anything. A program that cannot be
/// started returns <see cref="ProcessTermination.FailedToStart"/> with the reason in
/// <see cref="ProcessResult.OutputTail"/>. <c>onOutput</c> is called for one line at a time,
/// never concurrently; if it throws, the process tree is killed and that exception propagates.
/// </remarks>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(
        ProcessCommand command,
        Action<OutputLine>? onOutput = null,
        CancellationToken cancellationToken = default);
}
