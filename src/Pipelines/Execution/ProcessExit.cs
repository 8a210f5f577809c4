using System.Diagnostics;

namespace Pipelines.Execution;

/// <summary>
/// Learns when a started process exits, and its exit code. CliWrap reports neither until both
/// output pipes are closed (a detached grandchild can hold them open for ever) and throws
/// instead of reporting the code of a killed process, so the runner watches the process itself.
/// </summary>
internal sealed class ProcessExit
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the exit code (128 + signal for a killed process), -1 if it cannot be read.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Given to CliWrap's configureProcess: runs right after the start, before anything disposes the process.</summary>
    public void Watch(Process process)
    {
        process.Exited += (_, _) => Record(process);

        // It may have exited before the handler was attached; then the event has been raised already.
        if (process.HasExited)
        {
            Record(process);
        }
    }

    private void Record(Process process)
    {
        try
        {
            _exited.TrySetResult(process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            // Disposed by CliWrap between exit and this read: the exit is known, its code is not.
            _exited.TrySetResult(-1);
        }
    }
}
