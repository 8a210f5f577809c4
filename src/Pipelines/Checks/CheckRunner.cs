using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Probes;
using Pipelines.Security;

namespace Pipelines.Checks;

/// <summary>
/// Runs the configured checks as <c>bash -c &lt;run&gt;</c> (the command is one argument and never
/// expanded by us: values reach it only through its environment). Checks run concurrently, up to
/// <see cref="CheckRunnerOptions.MaxParallel"/>; a check with <c>after:</c> starts once every check
/// it names has passed, and is skipped when one of them did not. Every output line and the kept
/// tail are redacted here as well as by the process runner, so no token value reaches the caller
/// even through a runner that forgot to. Cancellation does not throw: running checks come back
/// cancelled (their process trees killed) and checks not yet started come back skipped, so the
/// caller can still report each one.
/// </summary>
public sealed class CheckRunner : ICheckRunner
{
    private readonly IProcessRunner _processes;
    private readonly CheckEnvironment _environment;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly CheckRunnerOptions _options;

    /// <param name="callerEnvironment">A snapshot of the caller's environment.</param>
    /// <param name="tokenVariables">Names of the variables holding tokens; no check inherits them unless it lists them in <c>pass-env</c>.</param>
    /// <param name="redactor">Knows the secret values to mask; the token values found in <paramref name="callerEnvironment"/> are masked too.</param>
    public CheckRunner(
        IProcessRunner processRunner,
        IReadOnlyDictionary<string, string> callerEnvironment,
        IEnumerable<string> tokenVariables,
        SecretRedactor redactor,
        TimeProvider timeProvider,
        CheckRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(processRunner);
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= CheckRunnerOptions.Default;
        if (options.MaxParallel is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxParallel, "MaxParallel must be at least 1 (null for no limit).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.TailLines, 0, nameof(options));
        _processes = processRunner;
        _environment = new CheckEnvironment(callerEnvironment, tokenVariables);
        _redactor = redactor.Including(_environment.TokenValues);
        _time = timeProvider;
        _options = options;
    }

    /// <summary>
    /// Checks what can be checked before running anything (names, <c>after:</c> as a DAG, every
    /// <c>pass-env</c> variable set), so the CLI can reject a bad configuration before it contacts anything.
    /// </summary>
    /// <exception cref="ConfigurationException">The first problem found.</exception>
    public void Validate(IReadOnlyList<CheckSettings> checks) => _ = Plan(checks);

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(
        IReadOnlyList<CheckSettings> checks,
        Action<string, OutputLine>? onOutput,
        CancellationToken cancellationToken)
    {
        var plan = Plan(checks);
        using var slots = _options.MaxParallel is int max ? new SemaphoreSlim(max, max) : null;
        var output = new SerializedOutput(onOutput);
        var running = new Dictionary<string, Task<CheckOutcome>>(StringComparer.Ordinal);
        foreach (var (check, command) in plan)
        {
            // The plan is ordered so that every dependency's task already exists.
            var dependencies = check.After.Distinct(StringComparer.Ordinal).Select(name => (name, running[name])).ToArray();
            running[check.Name] = RunWhenReadyAsync(check, command, dependencies, slots, output, cancellationToken);
        }

        // Every check is awaited, so no process outlives this call.
        await Task.WhenAll(running.Values).ConfigureAwait(false);
        return checks.Select(check => running[check.Name].Result).ToArray();
    }

    private IReadOnlyList<(CheckSettings Check, ProcessCommand Command)> Plan(IReadOnlyList<CheckSettings> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return CheckGraph.Order(checks).Select(check => (check, CommandFor(check))).ToArray();
    }

    private ProcessCommand CommandFor(CheckSettings check) =>
        new ProcessCommand("bash")
            .WithArguments("-c", check.Run)
            .WithWorkingDirectory(check.Workdir)
            .WithEnvironment(_environment.For(check))
            .WithTimeout(check.Timeout > TimeSpan.Zero ? check.Timeout : null)
            .WithTailLines(_options.TailLines);

    private async Task<CheckOutcome> RunWhenReadyAsync(
        CheckSettings check,
        ProcessCommand command,
        IReadOnlyList<(string Name, Task<CheckOutcome> Task)> dependencies,
        SemaphoreSlim? slots,
        SerializedOutput output,
        CancellationToken cancellationToken)
    {
        if (dependencies.Count > 0)
        {
            await Task.WhenAll(dependencies.Select(d => d.Task)).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return NotRun(check);
            }

            foreach (var (name, task) in dependencies)
            {
                var dependency = await task.ConfigureAwait(false);
                if (!dependency.Passed)
                {
                    var reason = dependency.Skipped ? "was skipped" : "failed";
                    return new CheckOutcome(check.Name, false, null, $"skipped: {name} {reason}", TimeSpan.Zero);
                }
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return NotRun(check);
        }

        if (slots is not null)
        {
            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return NotRun(check);
            }
        }

        try
        {
            // A slot freed by a check that was just cancelled must not start another.
            return cancellationToken.IsCancellationRequested
                ? NotRun(check)
                : await RunOneAsync(check, command, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots?.Release();
        }
    }

    private async Task<CheckOutcome> RunOneAsync(
        CheckSettings check, ProcessCommand command, SerializedOutput output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(check.Workdir))
        {
            return NotStarted(check, TimeSpan.Zero, $"workdir {check.Workdir} does not exist");
        }

        var started = _time.GetTimestamp();
        ProcessResult result;
        try
        {
            result = await _processes
                .RunAsync(command, line => output.Write(check.Name, line with { Text = _redactor.Redact(line.Text) }), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(started);
            result = new ProcessResult(-1, ProcessTermination.Cancelled, elapsed, []);
        }
        catch (Exception exception)
        {
            return NotStarted(check, _time.GetElapsedTime(started), $"failed to start: {_redactor.Redact(exception.Message)}");
        }

        var duration = _time.GetElapsedTime(started);
        result = result with { OutputTail = result.OutputTail.Select(_redactor.Redact).ToArray() };
        var detail = result.Termination switch
        {
            ProcessTermination.Exited when result.ExitCode == 0 => $"passed in {DurationText.Elapsed(duration)}",
            ProcessTermination.Exited => $"exit code {result.ExitCode}",
            ProcessTermination.TimedOut => $"timed out after {DurationText.Setting(check.Timeout)} (process tree killed)",
            ProcessTermination.Cancelled => "cancelled (process tree killed)",
            _ => "failed to start",
        };
        return new CheckOutcome(check.Name, result.Succeeded, result, detail, duration);
    }

    private static CheckOutcome NotRun(CheckSettings check) =>
        new(check.Name, false, null, "skipped: cancelled", TimeSpan.Zero);

    // A failure before the process ran still carries a result, so it never reads as "skipped".
    private static CheckOutcome NotStarted(CheckSettings check, TimeSpan duration, string detail) =>
        new(check.Name, false, new ProcessResult(-1, ProcessTermination.FailedToStart, duration, []), detail, duration);

    /// <summary>Hands lines to the caller one at a time, so a console writer never sees two checks interleave mid-line.</summary>
    private sealed class SerializedOutput(Action<string, OutputLine>? onOutput)
    {
        private readonly Lock _gate = new();

        public void Write(string checkName, OutputLine line)
        {
            if (onOutput is null)
            {
                return;
            }

            lock (_gate)
            {
                onOutput(checkName, line);
            }
        }
    }
}
