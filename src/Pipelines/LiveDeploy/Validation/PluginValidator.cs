using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// Runs one plugin's validation and, for depth apply, its teardown: destroy, then the tag
/// backstop, on every exit path (success, failure, timeout, cancellation, an exception), each
/// under its own timeout and a token that the run's cancellation does not reach.
/// </summary>
public sealed class PluginValidator(IProcessRunner runner, TimeProvider time)
{
    /// <summary>How many times a validation that failed with a transient cloud error is tried in all.</summary>
    public const int MaxAttempts = 2;

    /// <summary>Extra time a runner gets past a teardown command's own timeout to kill it and return.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(30);

    public async Task<ValidationResult> ValidateAsync(
        WfctlCommands commands,
        ValidationDepth depth,
        TimeSpan timeout,
        TimeSpan teardownTimeout,
        SecretRedactor redactor,
        Action<string>? onCommand,
        CancellationToken cancellationToken)
    {
        var records = new List<CommandRecord>();
        var attempts = 0;
        CommandFailure? failure = null;
        var counted = true;
        string? retryReason = null;
        IReadOnlyList<string> tail = [];
        try
        {
            var deadline = time.GetUtcNow() + timeout;
            while (true)
            {
                attempts++;
                (failure, tail, var startFailed) = await RunValidationAsync(commands.Validation(depth), deadline, redactor, records, onCommand, cancellationToken).ConfigureAwait(false);
                counted &= !startFailed;
                var transient = failure is { ExitCode: not null } ? TransientErrors.Match(failure.OutputTail) : null;
                if (failure is null || transient is null || attempts >= MaxAttempts || cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                retryReason = $"retried once: '{failure.Command}' failed with a transient error (matched {transient})";
                onCommand?.Invoke("retrying after a transient cloud error");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, the teardown below still runs; the error becomes the failure.
            failure = CommandFailure.NotRun("validation", redactor.Redact($"{e.GetType().Name}: {e.Message}"));
            counted = false;
        }

        var teardownFailure = await TeardownAsync(commands.Teardown(depth), teardownTimeout, redactor, records, onCommand).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            counted = false;
        }

        var verdict = teardownFailure is not null ? Verdict.Leaked : failure is not null ? Verdict.Red : Verdict.Green;
        return new ValidationResult(
            verdict,
            attempts,
            counted,
            failure,
            teardownFailure,
            teardownFailure is null ? null : commands.ResourceTag,
            tail,
            records,
            retryReason);
    }

    private async Task<(CommandFailure? Failure, IReadOnlyList<string> Tail, bool StartFailed)> RunValidationAsync(
        IReadOnlyList<ProcessCommand> steps,
        DateTimeOffset deadline,
        SecretRedactor redactor,
        List<CommandRecord> records,
        Action<string>? onCommand,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tail = [];
        foreach (var step in steps)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                var spent = CommandFailure.NotRun(redactor.Redact(step.ToString()), "not run: the validation timeout was spent");
                records.Add(new CommandRecord(spent.Command, spent.Termination, 0));
                return (spent, tail, false);
            }

            onCommand?.Invoke(Describe(step));
            var result = await runner.RunAsync(step.WithTimeout(remaining), cancellationToken: cancellationToken).ConfigureAwait(false);
            records.Add(new CommandRecord(redactor.Redact(step.ToString()), result.Describe(), (long)result.Duration.TotalMilliseconds));
            tail = result.OutputTail.Select(redactor.Redact).ToList();
            if (!result.Succeeded)
            {
                return (CommandFailure.From(step, result, redactor.Redact), tail, result.Termination == ProcessTermination.FailedToStart);
            }
        }

        return (null, tail, false);
    }

    private async Task<CommandFailure?> TeardownAsync(
        IReadOnlyList<ProcessCommand> steps,
        TimeSpan teardownTimeout,
        SecretRedactor redactor,
        List<CommandRecord> records,
        Action<string>? onCommand)
    {
        CommandFailure? firstFailure = null;
        foreach (var step in steps)
        {
            // A fresh token per command: the run may already be cancelled, and teardown must still happen.
            using var teardown = new CancellationTokenSource(teardownTimeout + KillGrace, time);
            onCommand?.Invoke(Describe(step));
            try
            {
                var result = await runner.RunAsync(step.WithTimeout(teardownTimeout), cancellationToken: teardown.Token).ConfigureAwait(false);
                records.Add(new CommandRecord(redactor.Redact(step.ToString()), result.Describe(), (long)result.Duration.TotalMilliseconds));
                if (!result.Succeeded)
                {
                    firstFailure ??= CommandFailure.From(step, result, redactor.Redact);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var failure = CommandFailure.NotRun(redactor.Redact(step.ToString()), redactor.Redact($"{e.GetType().Name}: {e.Message}"));
                records.Add(new CommandRecord(failure.Command, failure.Termination, 0));
                firstFailure ??= failure;
            }
        }

        return firstFailure;
    }

    private static string Describe(ProcessCommand command) =>
        command.Arguments.Length >= 2 ? $"wfctl {command.Arguments[0]} {command.Arguments[1]}" : "wfctl " + string.Join(' ', command.Arguments);
}
