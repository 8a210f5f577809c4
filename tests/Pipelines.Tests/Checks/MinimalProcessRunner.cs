using System.Diagnostics;
using Pipelines.Execution;

namespace Pipelines.Tests.Checks;

/// <summary>
/// A deliberately small real IProcessRunner for these tests only, so that the check runner is
/// also exercised against real bash processes. It honours the contract's essentials: the exact
/// environment and nothing inherited, arguments passed as a list (no shell in between), the
/// working directory, output lines, the tail, and a timeout that kills the process tree.
/// </summary>
internal sealed class MinimalProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(
        ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var tail = new Queue<string>();
        var gate = new Lock();
        void Line(OutputStream stream, string text)
        {
            lock (gate)
            {
                tail.Enqueue(text);
                while (tail.Count > command.TailLines)
                {
                    tail.Dequeue();
                }

                onOutput?.Invoke(new OutputLine(stream, text));
            }
        }

        var pumps = Task.WhenAll(
            Pump(process.StandardOutput, OutputStream.StandardOutput, Line),
            Pump(process.StandardError, OutputStream.StandardError, Line));

        using var timeout = new CancellationTokenSource(command.Timeout ?? Timeout.InfiniteTimeSpan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var termination = ProcessTermination.Exited;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            termination = timeout.IsCancellationRequested ? ProcessTermination.TimedOut : ProcessTermination.Cancelled;
        }

        await pumps;
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, termination, stopwatch.Elapsed, [.. tail]);
        }
    }

    private static async Task Pump(StreamReader reader, OutputStream stream, Action<OutputStream, string> line)
    {
        while (await reader.ReadLineAsync() is { } text)
        {
            line(stream, text);
        }
    }
}
