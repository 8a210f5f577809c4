using System.ComponentModel;
using System.Diagnostics;
using Pipelines.Execution;

namespace Pipelines.Testing.LiveDeploy;

/// <summary>
/// A small real process runner for live-deploy's integration tests until the product's
/// ProcessRunner is merged: exact environment, no shell, the whole tree killed on timeout or
/// cancellation, cancellation reported as a result (never thrown), last lines kept.
/// </summary>
public sealed class TestProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ProcessResult(-1, ProcessTermination.Cancelled, TimeSpan.Zero, []);
        }

        var start = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
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

        var tail = new Queue<string>();
        var gate = new Lock();
        void Receive(OutputStream stream, string? text)
        {
            if (text is null)
            {
                return;
            }

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

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Receive(OutputStream.StandardOutput, e.Data);
        process.ErrorDataReceived += (_, e) => Receive(OutputStream.StandardError, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ProcessResult(-1, ProcessTermination.FailedToStart, stopwatch.Elapsed, [$"{command.FileName}: {e.Message}"]);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var termination = ProcessTermination.Exited;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            termination = cancellationToken.IsCancellationRequested ? ProcessTermination.Cancelled : ProcessTermination.TimedOut;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Drain the asynchronous readers before reading the tail.
        process.WaitForExit();
        lock (gate)
        {
            return new ProcessResult(termination == ProcessTermination.Exited ? process.ExitCode : -1, termination, stopwatch.Elapsed, [.. tail]);
        }
    }
}
