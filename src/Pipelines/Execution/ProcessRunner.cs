using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Text;
using CliWrap;
using Pipelines.Security;

namespace Pipelines.Execution;

/// <summary>
/// Runs a <see cref="ProcessCommand"/> as a real child process through CliWrap: arguments passed
/// one by one (never through a shell), an environment made of exactly the command's variables,
/// stdin closed, both output streams read line by line and redacted. A program named without a
/// directory is looked up on the PATH in the command's environment (this process's PATH only
/// when the command sets none). See <see cref="IProcessRunner"/> for how timeouts, cancellation
/// and start failures are reported.
/// </summary>
/// <remarks>
/// Stopping uses CliWrap's two tokens: the graceful one sends SIGINT to the process, the forceful
/// one kills it with <c>Process.Kill(entireProcessTree: true)</c>, which on Linux sends SIGKILL
/// (it cannot be trapped or ignored) to the process and every descendant still linked to it.
/// With a zero <see cref="ProcessCommand.GracePeriod"/> only the forceful one is used. A
/// descendant that detached itself (double fork) is out of reach; it can no longer hang the
/// runner, because output is read for at most <see cref="ProcessRunnerOptions.DrainTimeout"/>
/// after the process has gone. What stays hand-written is what CliWrap does not do: the bounded
/// line reading, the tail and redaction (<see cref="OutputCollector"/>), and the PATH lookup in
/// the child's own environment (<see cref="ProgramLocator"/>).
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
        ArgumentOutOfRangeException.ThrowIfLessThan(command.GracePeriod, TimeSpan.Zero, nameof(command));
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

        using var collector = new OutputCollector(command.TailLines, _redactor, onOutput);
        using var stopReading = new CancellationTokenSource();
        using var graceful = new CancellationTokenSource();
        using var forceful = new CancellationTokenSource();
        var exit = new ProcessExit();

        Task<CommandResult> execution;
        try
        {
            execution = Describe(command, program, collector, stopReading.Token).ExecuteAsync(
                startInfo => ReplaceEnvironment(startInfo, command.Environment),
                exit.Watch,
                forceful.Token,
                graceful.Token);
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // CliWrap wraps the operating system's reason; that inner one is what a user can act on.
            var reason = _redactor.Redact($"could not start '{command.FileName}': {(ex.InnerException ?? ex).Message}");
            return new ProcessResult(-1, ProcessTermination.FailedToStart, _time.GetElapsedTime(started), [reason]);
        }

        var termination = await WaitForExitOrStopAsync(exit, command, collector.Failed, graceful, forceful, cancellationToken)
            .ConfigureAwait(false);

        await DrainAsync(execution, stopReading).ConfigureAwait(false);
        var tail = collector.Close();
        if (collector.CallbackFailure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var exitCode = exit.Exited.IsCompletedSuccessfully ? exit.Exited.Result : -1;
        return new ProcessResult(exitCode, termination, _time.GetElapsedTime(started), tail);
    }

    private Command Describe(ProcessCommand command, string program, OutputCollector collector, CancellationToken stopReading)
    {
        var cli = Cli.Wrap(program)
            .WithArguments(command.Arguments)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(LineTarget(OutputStream.StandardOutput, collector, stopReading))
            .WithStandardErrorPipe(LineTarget(OutputStream.StandardError, collector, stopReading))
            .WithValidation(CommandResultValidation.None);
        return command.WorkingDirectory is { } directory ? cli.WithWorkingDirectory(directory) : cli;
    }

    /// <summary>
    /// CliWrap starts from a copy of this process's environment and can only remove names it is
    /// told about; clearing the start info's copy instead cannot miss a variable set after a
    /// snapshot was taken, so the child sees exactly the command's variables.
    /// </summary>
    private static void ReplaceEnvironment(System.Diagnostics.ProcessStartInfo startInfo, IReadOnlyDictionary<string, string> environment)
    {
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
    }

    /// <summary>
    /// Reads one stream into bounded lines. It stops on end of stream or on the runner's own drain
    /// token, not on CliWrap's forceful token, so the lines a killed process wrote last are kept.
    /// </summary>
    private PipeTarget LineTarget(OutputStream stream, OutputCollector collector, CancellationToken stopReading) =>
        PipeTarget.Create(async (origin, _) =>
        {
            var assembler = new LineAssembler(_options.MaxLineLength, (line, truncated) => collector.Publish(stream, line, truncated));
            using var reader = new StreamReader(origin, Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
            var buffer = new char[4096];
            try
            {
                int read;
                while ((read = await reader.ReadAsync(buffer.AsMemory(), stopReading).ConfigureAwait(false)) > 0)
                {
                    assembler.Append(buffer.AsSpan(0, read));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Abandoned after the drain timeout, or the pipe broke: keep what arrived.
            }

            assembler.Complete();
        });

    private async Task<ProcessTermination> WaitForExitOrStopAsync(
        ProcessExit exit,
        ProcessCommand command,
        CancellationToken callbackFailed,
        CancellationTokenSource graceful,
        CancellationTokenSource forceful,
        CancellationToken cancellationToken)
    {
        using var deadline = command.Timeout is { } limit && limit < LongestTimer
            ? new CancellationTokenSource(limit, _time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, callbackFailed);
        try
        {
            await exit.Exited.WaitAsync(stop.Token).ConfigureAwait(false);
            return ProcessTermination.Exited;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await StopAsync(exit, command.GracePeriod, graceful, forceful).ConfigureAwait(false);
            return deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? ProcessTermination.TimedOut
                : ProcessTermination.Cancelled;
        }
    }

    /// <summary>Interrupt, wait out the grace period, then kill the whole tree.</summary>
    private async Task StopAsync(ProcessExit exit, TimeSpan gracePeriod, CancellationTokenSource graceful, CancellationTokenSource forceful)
    {
        if (gracePeriod > TimeSpan.Zero)
        {
            await graceful.CancelAsync().ConfigureAwait(false);
            if (await WaitBoundedAsync(exit.Exited, gracePeriod).ConfigureAwait(false))
            {
                return;
            }
        }

        await forceful.CancelAsync().ConfigureAwait(false);
        await WaitBoundedAsync(exit.Exited, _options.DrainTimeout).ConfigureAwait(false);
    }

    private async Task DrainAsync(Task<CommandResult> execution, CancellationTokenSource stopReading)
    {
        if (!await WaitBoundedAsync(execution, _options.DrainTimeout).ConfigureAwait(false))
        {
            // Something outside the tree still holds the pipes: abandon them.
            await stopReading.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await execution.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // CliWrap throws for a stopped process (and if a kill did not take within its own
            // limit); the termination was decided above and the exit code watched separately.
        }
    }

    /// <summary>True when <paramref name="task"/> finished (in any state) within <paramref name="limit"/>.</summary>
    private async Task<bool> WaitBoundedAsync(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            return false;
        }
        catch (Exception) when (task.IsCompleted)
        {
            // Finished, by failing or being cancelled: the caller only asked whether it finished.
            return true;
        }
    }
}
