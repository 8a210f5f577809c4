using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// Runs one plugin's validation and, for depth apply, its teardown, on every exit path (success,
/// failure, timeout, cancellation, an exception), each teardown command under its own timeout and
/// a token the run's cancellation does not reach. Success is decided by exit code and by what
/// stdout proves; stderr (plugin-host log lines) is never taken as failure (fact sheet 6.2).
/// </summary>
public sealed class PluginValidator(IProcessRunner runner, TimeProvider time)
{
    private readonly IProcessRunner _runner = runner;
    private readonly TimeProvider _time = time;

    /// <summary>How many times a validation that failed with a transient cloud error is tried in all.</summary>
    public const int MaxAttempts = 2;

    /// <summary>Extra time a runner gets past a teardown command's own timeout to kill it and return.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(30);

    // Fact sheet 3.2-3.6: the lines that prove teardown, and those that say a provider was not asked.
    private const string NoResourcesTracked = "No resources tracked in state.";
    private const string StatusLoadWarning = "WARNING: load provider";
    private const string CleanupLoadWarning = "warning: cleanup: load provider";

    public async Task<ValidationResult> ValidateAsync(
        WfctlCommands commands,
        ValidationDepth depth,
        IReadOnlyCollection<string> pluginNames,
        TimeSpan timeout,
        TimeSpan teardownTimeout,
        SecretRedactor redactor,
        Action<string>? onCommand,
        CancellationToken cancellationToken)
    {
        var run = new Run(this, commands, pluginNames, redactor, onCommand);
        var attempts = 0;
        var counted = true;
        string? retryReason = null;
        Outcome outcome = new(null, null, []);
        try
        {
            var deadline = _time.GetUtcNow() + timeout;
            while (true)
            {
                attempts++;
                outcome = await run.ValidateAsync(depth, deadline, cancellationToken).ConfigureAwait(false);
                counted &= !outcome.StartFailed;
                var transient = outcome.Failure is { ExitCode: not null } ? TransientErrors.Match(outcome.Failure.OutputTail) : null;
                if (outcome.Failure is null || transient is null || attempts >= MaxAttempts || cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                retryReason = $"retried once: '{outcome.Failure.Command}' failed with a transient error (matched {transient})";
                onCommand?.Invoke("retrying after a transient cloud error");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, the teardown below still runs; the error becomes the failure.
            outcome = outcome with { Failure = CommandFailure.NotRun("validation", redactor.Redact($"{e.GetType().Name}: {e.Message}")) };
            counted = false;
        }

        var teardownFailure = depth == ValidationDepth.Apply ? await run.TeardownAsync(teardownTimeout).ConfigureAwait(false) : null;
        if (cancellationToken.IsCancellationRequested)
        {
            counted = false;
        }

        var verdict = teardownFailure is not null ? Verdict.Leaked
            : outcome.Failure is not null ? Verdict.Red
            : outcome.NotValidated is not null ? Verdict.NotValidated
            : Verdict.Green;
        return new ValidationResult(
            verdict,
            attempts,
            counted && verdict != Verdict.NotValidated,
            outcome.Failure,
            teardownFailure,
            teardownFailure is null ? null : commands.Owner ?? commands.ResourceTag,
            outcome.Tail,
            run.Records,
            retryReason,
            outcome.NotValidated,
            new ResourceCounts(run.Planned, run.Applied, run.Destroyed));
    }

    private sealed record Outcome(CommandFailure? Failure, string? NotValidated, IReadOnlyList<string> Tail, bool StartFailed = false);

    /// <summary>What one command printed, the two streams apart.</summary>
    private sealed record StepOutput(ProcessCommand Command, ProcessResult Result, List<string> Stdout, List<string> Stderr);

    /// <summary>The commands of one plugin and what they showed.</summary>
    private sealed class Run(PluginValidator owner, WfctlCommands commands, IReadOnlyCollection<string> pluginNames, SecretRedactor redactor, Action<string>? onCommand)
    {
        public List<CommandRecord> Records { get; } = [];

        public int? Planned { get; private set; }

        public int? Applied { get; private set; }

        public int? Destroyed { get; private set; }

        public async Task<Outcome> ValidateAsync(ValidationDepth depth, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            if (File.Exists(commands.PlanFile))
            {
                File.Delete(commands.PlanFile); // a plan file from an earlier attempt proves nothing
            }
            IReadOnlyList<string> tail = [];
            var steps = depth == ValidationDepth.Plan ? [commands.Plan()] : new[] { commands.Plan(), commands.Apply(), commands.Status() };
            foreach (var step in steps)
            {
                var remaining = deadline - owner._time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    var spent = CommandFailure.NotRun(redactor.Redact(step.ToString()), "not run: the validation timeout was spent");
                    Records.Add(new CommandRecord(spent.Command, spent.Termination, 0));
                    return new Outcome(spent, null, tail);
                }

                var output = await RunAsync(step, remaining, cancellationToken).ConfigureAwait(false);
                tail = output.Result.OutputTail.Select(redactor.Redact).ToList();
                if (!output.Result.Succeeded)
                {
                    return new Outcome(CommandFailure.From(step, output.Result, redactor.Redact), null, tail, output.Result.Termination == ProcessTermination.FailedToStart);
                }

                switch (step.Arguments[1])
                {
                    case "plan":
                        var proof = PlanProof.Read(commands.PlanFile, output.Stdout, pluginNames);
                        Planned = proof.Resources;
                        if (!proof.Proven)
                        {
                            // Nothing of the plugin ran: applying would prove nothing either.
                            return new Outcome(null, proof.Problem, tail);
                        }

                        break;
                    case "apply":
                        Applied = output.Stdout.Count(l => l.StartsWith("  ✓ ", StringComparison.Ordinal));
                        break;
                    case "status" when output.Stdout.FirstOrDefault(l => l.StartsWith(StatusLoadWarning, StringComparison.Ordinal)) is { } warning:
                        return new Outcome(Unproven(output, $"status could not load the provider: {warning}"), null, tail);
                }
            }

            return new Outcome(null, null, tail);
        }

        /// <summary>Destroy, then prove it: status empty, the tag backstop and (with an owner) the owner query, none of them skipping a provider.</summary>
        public async Task<CommandFailure?> TeardownAsync(TimeSpan teardownTimeout)
        {
            CommandFailure? first = null;
            var steps = new List<(ProcessCommand Command, Func<StepOutput, string?> Check)>
            {
                (commands.Destroy(), output =>
                {
                    Destroyed = output.Stdout.Count(l => l.StartsWith("  ✓ destroyed ", StringComparison.Ordinal));
                    return null;
                }),
                (commands.Status(), output =>
                    output.Stdout.FirstOrDefault(l => l.StartsWith(StatusLoadWarning, StringComparison.Ordinal)) is { } warning
                        ? $"teardown not verified: status could not load the provider ({warning})"
                        : output.Stdout.Any(l => l.Trim() == NoResourcesTracked) ? null : $"teardown not verified: status after destroy does not say '{NoResourcesTracked}'"),
                (commands.Cleanup(), output => SkippedProvider(output) is { } skipped ? $"teardown not verified: cleanup did not ask every provider ({skipped})" : null),
            };
            if (commands.Owners() is { } owners)
            {
                var expected = $"no resources owned by \"{commands.Owner}\"";
                steps.Add((owners, output =>
                    SkippedProvider(output) is { } skipped ? $"teardown not verified: owners did not ask every provider ({skipped})"
                    : output.Stdout.Any(l => l.Trim() == expected) ? null : $"teardown not verified: owners does not say '{expected}'"));
            }

            foreach (var (step, check) in steps)
            {
                // A fresh token per command: the run may already be cancelled, and teardown must still happen.
                using var teardown = new CancellationTokenSource(teardownTimeout + KillGrace, owner._time);
                try
                {
                    var output = await RunAsync(step, teardownTimeout, teardown.Token).ConfigureAwait(false);
                    if (!output.Result.Succeeded)
                    {
                        first ??= CommandFailure.From(step, output.Result, redactor.Redact);
                    }
                    else if (check(output) is { } problem)
                    {
                        first ??= Unproven(output, problem);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    var failure = CommandFailure.NotRun(redactor.Redact(step.ToString()), redactor.Redact($"{e.GetType().Name}: {e.Message}"));
                    Records.Add(new CommandRecord(failure.Command, failure.Termination, 0));
                    first ??= failure;
                }
            }

            return first;
        }

        private static string? SkippedProvider(StepOutput output) =>
            output.Stderr.FirstOrDefault(l => l.StartsWith(CleanupLoadWarning, StringComparison.Ordinal))
            ?? output.Stdout.FirstOrDefault(l => l.StartsWith("skipped ", StringComparison.Ordinal));

        private CommandFailure Unproven(StepOutput output, string problem) =>
            new(redactor.Redact(output.Command.ToString()), output.Result.ExitCode, redactor.Redact(problem), output.Result.OutputTail.Select(redactor.Redact).ToList());

        private async Task<StepOutput> RunAsync(ProcessCommand step, TimeSpan timeout, CancellationToken cancellationToken)
        {
            onCommand?.Invoke($"wfctl {step.Arguments[0]} {step.Arguments[1]}");
            var stdout = new List<string>();
            var stderr = new List<string>();
            var result = await owner._runner.RunAsync(
                step.WithTimeout(timeout),
                line => (line.Stream == OutputStream.StandardOutput ? stdout : stderr).Add(line.Text),
                cancellationToken).ConfigureAwait(false);
            Records.Add(new CommandRecord(redactor.Redact(step.ToString()), result.Describe(), (long)result.Duration.TotalMilliseconds));
            return new StepOutput(step, result, stdout, stderr);
        }
    }
}
