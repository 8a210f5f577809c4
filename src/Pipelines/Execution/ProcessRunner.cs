using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using Pipelines.Security;

namespace Pipelines.Execution;

/// <summary>
/// Runs a <see cref="ProcessCommand"/> as a real child process: arguments passed one by one
/// (never through a shell), an environment made of exactly the command's variables, stdin
/// closed, both output streams read line by line and redacted. A program named without a
/// directory is looked up on the PATH in the command's environment (this process's PATH only
/// when the command sets none). See <see cref="IProcessRunner"/>
/// for how timeouts, cancellation and start failures are reported.
/// </summary>
/// <remarks>
/// Killing uses <see cref="Process.Kill(bool)"/> with the whole tree, which on Linux sends
/// SIGKILL (it cannot be trapped or ignored) to the process and every descendant it can still
/// find through parent links. A descendant that detached itself before the kill (double fork)
/// is out of reach; it can no longer hang the runner, because output is read for at most
/// <see cref="ProcessRunnerOptions.DrainTimeout"/> after the process has gone.
/// </remarks>
public sealed class ProcessRunner : IProcessRunner
{
    // CancellationTokenSource timers accept at most uint.MaxValue - 1 milliseconds (~49 days);
    // anything longer is, for a child process, the same as no limit.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly ProcessRunnerOptions _options;

    public ProcessRunner(SecretRedactor? redactor = null, TimeProvider? timeProvider = null, ProcessRunnerOptions? options = null)
    {
        _redactor = redactor ?? SecretRedactor.None;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? ProcessRunnerOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.DrainTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxLineLength, 1, nameof(options));
    }

    public async Task<ProcessResult> RunAsync(
        ProcessCommand command,
        Action<OutputLine>? onOutput = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfNegative(command.TailLines, nameof(command));
        if (command.Timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(command));
        }

        var started = _time.GetTimestamp();
        if (cancellationToken.IsCancellationRequested)
        {
            return new ProcessResult(-1, ProcessTermination.Cancelled, TimeSpan.Zero, []);
        }

        if (ProgramLocator.Resolve(command.FileName, command.Environment) is not { } program)
        {
            var missing = _redactor.Redact($"could not start '{command.FileName}': not found on the PATH given to it");
            return new ProcessResult(-1, ProcessTermination.FailedToStart, _time.GetElapsedTime(started), [missing]);
        }

        using var process = new Process { StartInfo = CreateStartInfo(command, program) };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException)
        {
            var reason = _redactor.Redact($"could not start '{command.FileName}': {ex.Message}");
            return new ProcessResult(-1, ProcessTermination.FailedToStart, _time.GetElapsedTime(started), [reason]);
        }

        // Closing stdin at once gives the child end-of-file instead of a read that waits for ever.
        process.StandardInput.Close();

        using var collector = new OutputCollector(command.TailLines, _redactor, onOutput);
        using var stopReading = new CancellationTokenSource();
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput, OutputStream.StandardOutput, collector, stopReading.Token),
            PumpAsync(process.StandardError, OutputStream.StandardError, collector, stopReading.Token));

        var termination = await WaitForExitOrKillAsync(process, command.Timeout, collector.Failed, cancellationToken)
            .ConfigureAwait(false);

        await DrainAsync(readers, stopReading).ConfigureAwait(false);
        var tail = collector.Close();
        if (collector.CallbackFailure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var exitCode = process.HasExited ? process.ExitCode : -1;
        return new ProcessResult(exitCode, termination, _time.GetElapsedTime(started), tail);
    }

    private static ProcessStartInfo CreateStartInfo(ProcessCommand command, string program)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };

        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The start info begins as a copy of this process's environment; the child must see
        // only what the command names.
        info.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private async Task<ProcessTermination> WaitForExitOrKillAsync(
        Process process,
        TimeSpan? timeout,
        CancellationToken callbackFailed,
        CancellationToken cancellationToken)
    {
        using var deadline = timeout is { } limit && limit < LongestTimer
            ? new CancellationTokenSource(limit, _time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, callbackFailed);
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
            return ProcessTermination.Exited;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            KillTree(process);
            await WaitBoundedAsync(process.WaitForExitAsync(CancellationToken.None)).ConfigureAwait(false);
            return deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? ProcessTermination.TimedOut
                : ProcessTermination.Cancelled;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill.
        }
        catch (Exception ex) when (ex is Win32Exception or AggregateException)
        {
            // A descendant exited while the tree was walked; the bounded waits below still hold.
        }
    }

    private async Task DrainAsync(Task readers, CancellationTokenSource stopReading)
    {
        if (!await WaitBoundedAsync(readers).ConfigureAwait(false))
        {
            // Something outside the tree still holds the pipes: abandon them.
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitBoundedAsync(Task task)
    {
        try
        {
            await task.WaitAsync(_options.DrainTimeout, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task PumpAsync(StreamReader reader, OutputStream stream, OutputCollector collector, CancellationToken stop)
    {
        var assembler = new LineAssembler(_options.MaxLineLength, (line, truncated) => collector.Publish(stream, line, truncated));
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), stop).ConfigureAwait(false)) > 0)
            {
                assembler.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Abandoned after the drain timeout, or the pipe broke: keep what arrived.
        }

        assembler.Complete();
    }
}
