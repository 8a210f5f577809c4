namespace Pipelines.Execution;

public enum ProcessTermination
{
    Exited,
    TimedOut,
    Cancelled,
    FailedToStart,
}

/// <summary>What a finished process did. Callers decide what counts as success.</summary>
public sealed record ProcessResult(
    int ExitCode,
    ProcessTermination Termination,
    TimeSpan Duration,
    IReadOnlyList<string> OutputTail)
{
    public bool Succeeded => Termination == ProcessTermination.Exited && ExitCode == 0;

    public string Describe() => Termination switch
    {
        ProcessTermination.Exited => $"exit code {ExitCode}",
        ProcessTermination.TimedOut => $"timed out after {Duration.TotalSeconds:0.#}s (process tree killed)",
        ProcessTermination.Cancelled => "cancelled (process tree killed)",
        _ => "failed to start",
    };
}
