using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Pipelines.Checks;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Security;
using static Pipelines.Tests.Checks.CheckSamples;

namespace Pipelines.Tests.Checks;

public sealed class CheckRunnerTests : IDisposable
{
    private const string ReadToken = "ghs_readtoken1234";
    private const string PushToken = "ghp_pushtoken5678";

    private static readonly Dictionary<string, string> Caller = new()
    {
        ["PATH"] = "/usr/bin:/bin",
        ["GITHUB_TOKEN"] = ReadToken,
        ["PROD_PUSH_TOKEN_BS"] = PushToken,
        ["E2E_TEST_DJ_EMAIL"] = "dj@example.org",
        ["E2E_TEST_DJ_PASSWORD"] = "correct horse",
    };

    private readonly TempDirectory _workdir = new();
    private readonly ScriptedProcesses _processes = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _workdir.Dispose();

    [Fact]
    public async Task Runs_a_check_as_bash_c_with_run_as_one_argument_in_its_workdir_with_its_timeout()
    {
        var check = Check("e2e", _workdir.Path, run: "npm run test:e2e", timeout: TimeSpan.FromMinutes(20));

        await Runner().RunAsync([check], null, CancellationToken.None);

        var command = Assert.Single(_processes.Started);
        Assert.Equal("bash", command.FileName);
        Assert.Equal(["-c", "npm run test:e2e"], command.Arguments.ToArray());
        Assert.Equal(_workdir.Path, command.WorkingDirectory);
        Assert.Equal(TimeSpan.FromMinutes(20), command.Timeout);
        Assert.Equal(50, command.TailLines);
    }

    [Fact]
    public async Task The_run_text_is_passed_verbatim_never_expanded()
    {
        const string run = "echo \"${GITHUB_TOKEN}\" $(id -u) `whoami` '$HOME'; exit $1";
        var check = Check("hostile", _workdir.Path, run: run);

        await Runner().RunAsync([check], null, CancellationToken.None);

        Assert.Equal(["-c", run], Assert.Single(_processes.Started).Arguments.ToArray());
    }

    [Fact]
    public async Task The_environment_is_the_callers_minus_tokens_plus_env_plus_pass_env()
    {
        var check = Check("e2e", _workdir.Path,
            env: new Dictionary<string, string> { ["E2E_BASE_URL"] = "https://bs.staging.example" },
            passEnv: ["E2E_TEST_DJ_EMAIL"]);

        await Runner().RunAsync([check], null, CancellationToken.None);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin:/bin",
                ["E2E_TEST_DJ_EMAIL"] = "dj@example.org",
                ["E2E_TEST_DJ_PASSWORD"] = "correct horse",
                ["E2E_BASE_URL"] = "https://bs.staging.example",
            },
            Assert.Single(_processes.Started).Environment);
    }

    [Fact]
    public async Task A_token_reaches_a_check_only_through_pass_env()
    {
        var plain = Check("plain", _workdir.Path);
        var trusted = Check("trusted", _workdir.Path, passEnv: ["GITHUB_TOKEN"]);

        await Runner().RunAsync([plain, trusted], null, CancellationToken.None);

        var environments = _processes.Started.ToDictionary(c => c.Arguments[1], c => c.Environment);
        Assert.False(environments["run-plain"].ContainsKey("GITHUB_TOKEN"));
        Assert.False(environments["run-plain"].ContainsKey("PROD_PUSH_TOKEN_BS"));
        Assert.Equal(ReadToken, environments["run-trusted"]["GITHUB_TOKEN"]);
        Assert.False(environments["run-trusted"].ContainsKey("PROD_PUSH_TOKEN_BS"));
    }

    [Fact]
    public async Task Exit_code_zero_passes_with_its_duration()
    {
        _processes.Script("run-e2e", (_, _, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(3.2));
            return Task.FromResult(Exited(0, "ok"));
        });

        var outcome = Assert.Single(await Runner().RunAsync([Check("e2e", _workdir.Path)], null, CancellationToken.None));

        Assert.True(outcome.Passed);
        Assert.False(outcome.Skipped);
        Assert.Equal("passed in 3.2s", outcome.Detail);
        Assert.Equal(TimeSpan.FromSeconds(3.2), outcome.Duration);
    }

    [Fact]
    public async Task A_non_zero_exit_fails_and_keeps_the_output_tail()
    {
        _processes.Returns("run-e2e", Exited(3, "1 failing", "  at login.spec.ts:12"));

        var outcome = Assert.Single(await Runner().RunAsync([Check("e2e", _workdir.Path)], null, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.False(outcome.Skipped);
        Assert.Equal("exit code 3", outcome.Detail);
        Assert.Equal(["1 failing", "  at login.spec.ts:12"], outcome.Result!.OutputTail);
    }

    [Fact]
    public async Task A_timeout_fails_naming_the_configured_limit()
    {
        _processes.Returns("run-e2e", new ProcessResult(-1, ProcessTermination.TimedOut, TimeSpan.FromMinutes(20), ["still waiting"]));

        var outcome = Assert.Single(await Runner().RunAsync(
            [Check("e2e", _workdir.Path, timeout: TimeSpan.FromMinutes(20))], null, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.Equal("timed out after 20m (process tree killed)", outcome.Detail);
        Assert.Equal(["still waiting"], outcome.Result!.OutputTail);
    }

    [Fact]
    public async Task Output_lines_are_forwarded_with_the_check_name_and_every_token_redacted()
    {
        var secrets = new SecretRedactor([new Secret("E2E_TEST_DJ_PASSWORD", "correct horse")]);
        _processes.Script("run-e2e", (_, onOutput, _) =>
        {
            onOutput!(new OutputLine(OutputStream.StandardOutput, $"read {ReadToken} push {PushToken}"));
            onOutput(new OutputLine(OutputStream.StandardError, "password: correct horse"));
            return Task.FromResult(Exited(1, $"token was {ReadToken}", "password: correct horse"));
        });
        var forwarded = new List<(string Check, OutputLine Line)>();

        var outcome = Assert.Single(await Runner(secrets).RunAsync(
            [Check("e2e", _workdir.Path)], (name, line) => forwarded.Add((name, line)), CancellationToken.None));

        Assert.Equal(
            [
                ("e2e", new OutputLine(OutputStream.StandardOutput, "read *** push ***")),
                ("e2e", new OutputLine(OutputStream.StandardError, "password: ***")),
            ],
            forwarded);
        Assert.Equal(["token was ***", "password: ***"], outcome.Result!.OutputTail);
    }

    [Fact]
    public async Task Independent_checks_run_concurrently()
    {
        var first = _processes.Hold("run-a");
        var second = _processes.Hold("run-b");

        var running = Runner().RunAsync([Check("a", _workdir.Path), Check("b", _workdir.Path)], null, CancellationToken.None);

        Assert.Equal(["run-a", "run-b"], _processes.StartedRuns);
        Assert.False(running.IsCompleted);
        second.SetResult(Exited(0));
        first.SetResult(Exited(0));
        Assert.All(await running, outcome => Assert.True(outcome.Passed));
    }

    [Fact]
    public async Task A_check_with_after_starts_only_once_its_dependency_passed()
    {
        var first = _processes.Hold("run-a");
        var checks = new[] { Check("b", _workdir.Path, after: ["a"]), Check("a", _workdir.Path) };

        var running = Runner().RunAsync(checks, null, CancellationToken.None);

        Assert.Equal(["run-a"], _processes.StartedRuns);
        first.SetResult(Exited(0));
        var outcomes = await running;
        Assert.Equal(["run-a", "run-b"], _processes.StartedRuns);
        // Reported in configuration order, whatever order they ran in.
        Assert.Equal(["b", "a"], outcomes.Select(o => o.Name));
        Assert.All(outcomes, outcome => Assert.True(outcome.Passed));
    }

    [Fact]
    public async Task A_dependent_of_a_failed_check_is_skipped_and_never_started()
    {
        _processes.Returns("run-a", Exited(1));
        var checks = new[]
        {
            Check("a", _workdir.Path),
            Check("b", _workdir.Path, after: ["a"]),
            Check("c", _workdir.Path, after: ["b"]),
            Check("d", _workdir.Path),
        };

        var outcomes = await Runner().RunAsync(checks, null, CancellationToken.None);

        Assert.Equal(["run-a", "run-d"], _processes.StartedRuns.Order());
        var b = outcomes[1];
        Assert.True(b.Skipped);
        Assert.Equal("skipped: a failed", b.Detail);
        Assert.Null(b.Result);
        Assert.True(outcomes[2].Skipped);
        Assert.Equal("skipped: b was skipped", outcomes[2].Detail);
        Assert.True(outcomes[3].Passed);
    }

    [Fact]
    public async Task A_check_after_several_waits_for_all_of_them()
    {
        // a has already passed when c is considered; b is still running.
        var second = _processes.Hold("run-b");
        var checks = new[] { Check("a", _workdir.Path), Check("b", _workdir.Path), Check("c", _workdir.Path, after: ["a", "b"]) };

        var running = Runner().RunAsync(checks, null, CancellationToken.None);

        Assert.Equal(["run-a", "run-b"], _processes.StartedRuns);
        second.SetResult(Exited(0));
        await running;
        Assert.Equal(["run-a", "run-b", "run-c"], _processes.StartedRuns);
    }

    [Fact]
    public async Task Max_parallel_one_runs_checks_one_at_a_time_in_configuration_order()
    {
        var holds = new[] { "run-a", "run-b", "run-c" }.Select(_processes.Hold).ToArray();
        var runner = Runner(options: CheckRunnerOptions.Default.WithMaxParallel(1));
        var checks = new[] { Check("a", _workdir.Path), Check("b", _workdir.Path), Check("c", _workdir.Path) };

        var running = runner.RunAsync(checks, null, CancellationToken.None);

        Assert.Equal(["run-a"], _processes.StartedRuns);
        holds[0].SetResult(Exited(0));
        await _processes.WhenStarted("run-b");
        Assert.Equal(["run-a", "run-b"], _processes.StartedRuns);
        holds[1].SetResult(Exited(1));
        await _processes.WhenStarted("run-c");
        holds[2].SetResult(Exited(0));
        var outcomes = await running;
        Assert.Equal([true, false, true], outcomes.Select(o => o.Passed));
    }

    [Fact]
    public async Task Max_parallel_two_lets_exactly_two_run()
    {
        var holds = new[] { "run-a", "run-b", "run-c" }.Select(_processes.Hold).ToArray();
        var runner = Runner(options: CheckRunnerOptions.Default.WithMaxParallel(2));

        var running = runner.RunAsync(
            [Check("a", _workdir.Path), Check("b", _workdir.Path), Check("c", _workdir.Path)], null, CancellationToken.None);

        Assert.Equal(["run-a", "run-b"], _processes.StartedRuns);
        holds[1].SetResult(Exited(0));
        await _processes.WhenStarted("run-c");
        holds[0].SetResult(Exited(0));
        holds[2].SetResult(Exited(0));
        await running;
    }

    [Fact]
    public async Task An_unknown_after_name_is_a_configuration_error_and_nothing_runs()
    {
        var checks = new[] { Check("e2e", _workdir.Path, after: ["smoke"]) };

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Runner().RunAsync(checks, null, CancellationToken.None));

        Assert.Equal("promote.checks.e2e.after", error.Key);
        Assert.Contains("'smoke'", error.Message);
        Assert.Empty(_processes.Started);
    }

    [Fact]
    public async Task A_cycle_is_a_configuration_error_and_nothing_runs()
    {
        var checks = new[]
        {
            Check("ok", _workdir.Path),
            Check("a", _workdir.Path, after: ["b"]),
            Check("b", _workdir.Path, after: ["a"]),
        };

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Runner().RunAsync(checks, null, CancellationToken.None));

        Assert.Contains("a, b", error.Message);
        Assert.Contains("cycle", error.Message);
        Assert.Empty(_processes.Started);
    }

    [Fact]
    public async Task Duplicate_check_names_are_a_configuration_error()
    {
        var checks = new[] { Check("e2e", _workdir.Path), Check("e2e", _workdir.Path) };

        await Assert.ThrowsAsync<ConfigurationException>(() => Runner().RunAsync(checks, null, CancellationToken.None));

        Assert.Empty(_processes.Started);
    }

    [Fact]
    public async Task A_missing_pass_env_variable_fails_before_any_check_starts()
    {
        var checks = new[] { Check("smoke", _workdir.Path), Check("e2e", _workdir.Path, passEnv: ["E2E_TEST_DJ_TOTP"]) };

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Runner().RunAsync(checks, null, CancellationToken.None));

        Assert.Contains("check 'e2e'", error.Message);
        Assert.Contains("E2E_TEST_DJ_TOTP", error.Message);
        Assert.Empty(_processes.Started);
    }

    [Fact]
    public void Validate_reports_the_same_errors_without_running_anything()
    {
        var runner = Runner();

        Assert.Throws<ConfigurationException>(() => runner.Validate([Check("e2e", _workdir.Path, passEnv: ["NOPE"])]));
        runner.Validate([Check("e2e", _workdir.Path, passEnv: ["E2E_TEST_DJ_EMAIL"])]);
        Assert.Empty(_processes.Started);
    }

    [Fact]
    public async Task A_missing_workdir_fails_the_check_without_starting_it()
    {
        var missing = Path.Combine(_workdir.Path, "not-there");

        var outcome = Assert.Single(await Runner().RunAsync([Check("e2e", missing)], null, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.False(outcome.Skipped);
        Assert.Equal($"workdir {missing} does not exist", outcome.Detail);
        Assert.Empty(_processes.Started);
    }

    [Fact]
    public async Task A_runner_that_throws_fails_that_check_with_a_redacted_reason()
    {
        _processes.Script("run-e2e", (_, _, _) => throw new InvalidOperationException($"bash not found (token {ReadToken})"));

        var outcome = Assert.Single(await Runner().RunAsync([Check("e2e", _workdir.Path)], null, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.False(outcome.Skipped);
        Assert.Equal("failed to start: bash not found (token ***)", outcome.Detail);
    }

    [Fact]
    public async Task Cancellation_returns_outcomes_running_checks_cancelled_and_the_rest_skipped()
    {
        using var cancellation = new CancellationTokenSource();
        _processes.Script("run-a", async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            return new ProcessResult(-1, ProcessTermination.Cancelled, TimeSpan.FromSeconds(1), []);
        });
        var runner = Runner(options: CheckRunnerOptions.Default.WithMaxParallel(1));
        var checks = new[] { Check("a", _workdir.Path), Check("b", _workdir.Path, after: ["a"]), Check("c", _workdir.Path) };

        var running = runner.RunAsync(checks, null, cancellation.Token);
        await _processes.WhenStarted("run-a");
        await cancellation.CancelAsync();
        var outcomes = await running;

        Assert.Equal("cancelled (process tree killed)", outcomes[0].Detail);
        Assert.False(outcomes[0].Passed);
        Assert.Equal("skipped: cancelled", outcomes[1].Detail);
        Assert.Equal("skipped: cancelled", outcomes[2].Detail);
        Assert.Equal(["run-a"], _processes.StartedRuns);
    }

    [Fact]
    public void Max_parallel_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Runner(options: CheckRunnerOptions.Default.WithMaxParallel(0)));
    }

    private CheckRunner Runner(SecretRedactor? redactor = null, CheckRunnerOptions? options = null) =>
        new(_processes.Runner, Caller, ["GITHUB_TOKEN", "PROD_PUSH_TOKEN_BS"], redactor ?? SecretRedactor.None, _clock, options);
}
