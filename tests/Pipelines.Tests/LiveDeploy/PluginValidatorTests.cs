using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Security;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The validator with a scripted runner and a fake clock: no process, no sleeping.</summary>
public sealed class PluginValidatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedRunner _runner = new();

    private static WfctlCommands Commands() =>
        new("wfctl", "examples/minimal/config.yaml", "staging", "/work/aws",
            ImmutableDictionary<string, string>.Empty.Add("AWS_SESSION_TOKEN", "session-token-value"), "live-deploy-42",
            "/run/aws/plugins", "/nonexistent-live-deploy-test/plan.json");

    private Task<ValidationResult> ValidateAsync(ValidationDepth depth, CancellationToken cancellationToken = default, SecretRedactor? redactor = null) =>
        new PluginValidator(_runner, _time).ValidateAsync(Commands(), depth, ["workflow-plugin-digitalocean", "digitalocean"], Timeout, TeardownTimeout, redactor ?? SecretRedactor.None, null, cancellationToken);

    [Fact]
    public async Task A_passing_plan_is_green_and_keeps_the_plan_output()
    {
        _runner.On("plan", ScriptedRunner.Exit(0, "Plan: 2 to create, 1 to update, 0 to replace, 0 to destroy."));

        var result = await ValidateAsync(ValidationDepth.Plan);

        Assert.Equal(Verdict.Green, result.Verdict);
        Assert.Equal(["plan"], _runner.Verbs);
        Assert.Equal(["Plan: 2 to create, 1 to update, 0 to replace, 0 to destroy."], result.OutputTail);
        Assert.Equal(3, result.Resources!.Planned);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task A_passing_apply_checks_status_then_always_destroys_and_cleans_up()
    {
        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Green, result.Verdict);
        Assert.Equal(["plan", "apply", "status", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Null(result.LeakedTag);
    }

    [Fact]
    public async Task A_failed_apply_is_red_with_command_exit_code_and_tail_and_is_still_torn_down()
    {
        _runner.On("apply", ScriptedRunner.Exit(1, "creating network", "Error: InvalidParameterValue"));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.Equal(["plan", "apply", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Equal("wfctl infra apply --plugin-dir /run/aws/plugins -c examples/minimal/config.yaml --env staging -y", result.Failure!.Command);
        Assert.Equal(1, result.Failure.ExitCode);
        Assert.Equal(["creating network", "Error: InvalidParameterValue"], result.Failure.OutputTail);
        Assert.True(result.Counted);
    }

    [Fact]
    public async Task A_failed_status_check_is_red_and_torn_down()
    {
        _runner.On("status", ScriptedRunner.Exit(1, "error: rpc error: code = Unknown desc = 1 of 2 resources unhealthy"), ScriptedRunner.Succeeded("status"));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.Equal(["plan", "apply", "status", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Equal(1, result.Failure!.ExitCode);
    }

    [Fact]
    public async Task A_failed_destroy_is_leaked_with_the_tag_even_when_validation_was_green()
    {
        _runner.On("destroy", ScriptedRunner.Exit(1, "DependencyViolation"));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Leaked, result.Verdict);
        Assert.Equal("live-deploy-42", result.LeakedTag);
        Assert.Equal(["plan", "apply", "status", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Null(result.Failure);
        Assert.Contains("destroy", result.TeardownFailure!.Command);
    }

    [Fact]
    public async Task A_timed_out_backstop_cleanup_is_leaked()
    {
        _runner.On("cleanup", new ProcessResult(-1, ProcessTermination.TimedOut, TeardownTimeout, ["still deleting"]));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Leaked, result.Verdict);
        Assert.Contains("timed out", result.TeardownFailure!.Termination);
    }

    [Fact]
    public async Task A_transient_cloud_error_is_retried_once_and_then_counts_as_green()
    {
        _runner.On("apply", ScriptedRunner.Exit(1, "RequestLimitExceeded: Request limit exceeded."), ScriptedRunner.Succeeded("apply"));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Green, result.Verdict);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(["plan", "apply", "plan", "apply", "status", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Contains("RequestLimitExceeded", result.TransientRetryReason);
    }

    [Fact]
    public async Task A_transient_error_twice_is_red_after_exactly_two_attempts()
    {
        _runner.On("plan", ScriptedRunner.Exit(1, "net/http: TLS handshake timeout"));

        var result = await ValidateAsync(ValidationDepth.Plan);

        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(["plan", "plan"], _runner.Verbs);
    }

    [Fact]
    public async Task A_plugin_error_is_not_retried()
    {
        _runner.On("plan", ScriptedRunner.Exit(1, "Error: unknown field instanse_type"));

        var result = await ValidateAsync(ValidationDepth.Plan);

        Assert.Equal(1, result.Attempts);
        Assert.Equal(["plan"], _runner.Verbs);
    }

    [Fact]
    public async Task Each_validation_command_gets_what_is_left_of_the_timeout_and_teardown_its_own()
    {
        _runner.On("apply", (command, _) =>
        {
            _time.Advance(TimeSpan.FromMinutes(4));
            return ScriptedRunner.Succeeded("apply");
        });

        await ValidateAsync(ValidationDepth.Apply);

        var timeouts = _runner.Calls.Select(c => (Verb: ScriptedRunner.VerbOf(c.Command), c.Command.Timeout)).ToList();
        Assert.Equal(
            [("plan", Timeout), ("apply", Timeout), ("status", TimeSpan.FromMinutes(6)), ("destroy", TeardownTimeout), ("status", TeardownTimeout), ("cleanup", TeardownTimeout)],
            timeouts.Select(t => (t.Verb, t.Timeout)));
    }

    [Fact]
    public async Task An_apply_that_times_out_is_red_and_torn_down_and_the_spent_budget_skips_status()
    {
        _runner.On("apply", (command, _) =>
        {
            _time.Advance(command.Timeout!.Value);
            return new ProcessResult(-1, ProcessTermination.TimedOut, command.Timeout.Value, ["waiting for instance"]);
        });

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.Null(result.Failure!.ExitCode);
        Assert.Contains("timed out", result.Failure.Termination);
        Assert.Equal(["plan", "apply", "destroy", "status", "cleanup"], _runner.Verbs);
    }

    [Fact]
    public async Task After_cancellation_teardown_still_runs_with_a_token_the_run_cannot_cancel_and_nothing_is_counted()
    {
        using var run = new CancellationTokenSource();
        _runner.On("apply", (_, token) =>
        {
            run.Cancel();
            return new ProcessResult(-1, ProcessTermination.Cancelled, TimeSpan.FromSeconds(3), []);
        });

        var result = await ValidateAsync(ValidationDepth.Apply, run.Token);

        Assert.Equal(["plan", "apply", "destroy", "status", "cleanup"], _runner.Verbs);
        var teardown = _runner.Calls.Skip(2).ToList();
        Assert.All(teardown, c => Assert.False(c.TokenCancelled));
        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.False(result.Counted);
    }

    [Fact]
    public async Task A_runner_that_throws_during_apply_still_gets_a_teardown()
    {
        _runner.On("apply", (Func<ProcessCommand, CancellationToken, ProcessResult>)((_, _) => throw new InvalidOperationException("runner broke")));

        var result = await ValidateAsync(ValidationDepth.Apply);

        Assert.Equal(["plan", "apply", "destroy", "status", "cleanup"], _runner.Verbs);
        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.False(result.Counted);
    }

    [Fact]
    public async Task Wfctl_that_cannot_start_is_red_but_not_counted()
    {
        _runner.On("plan", new ProcessResult(-1, ProcessTermination.FailedToStart, TimeSpan.Zero, ["wfctl: not found"]));

        var result = await ValidateAsync(ValidationDepth.Plan);

        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.False(result.Counted);
    }

    [Fact]
    public async Task Credentials_echoed_by_wfctl_are_redacted_from_the_failure()
    {
        _runner.On("plan", ScriptedRunner.Exit(1, "debug: token=session-token-value"));

        var result = await ValidateAsync(ValidationDepth.Plan, redactor: new SecretRedactor([new Secret("AWS_SESSION_TOKEN", "session-token-value")]));

        Assert.Equal(["debug: token=***"], result.Failure!.OutputTail);
    }
}
