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
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(
        ProcessCommand command,
        Action<OutputLine>? onOutput = null,
        CancellationToken cancellationToken = default);
}
