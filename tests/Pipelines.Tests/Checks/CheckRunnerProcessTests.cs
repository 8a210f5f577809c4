using System.Collections.Concurrent;
using Pipelines.Checks;
using Pipelines.Execution;
using Pipelines.Security;
using static Pipelines.Tests.Checks.CheckSamples;

namespace Pipelines.Tests.Checks;

/// <summary>The check runner with real bash processes (through a minimal test-only process runner).</summary>
public sealed class CheckRunnerProcessTests : IDisposable
{
    private const string ReadToken = "ghs_readtoken1234";
    private const string PushToken = "ghp_pushtoken5678";

    private readonly TempDirectory _workdir = new();
    private readonly ConcurrentQueue<(string Check, OutputLine Line)> _output = new();

    public void Dispose() => _workdir.Dispose();

    [Fact]
    public async Task A_check_sees_no_token_unless_it_passes_it_through()
    {
        var plain = Check("plain", _workdir.Path, run: "env");
        var trusted = Check("trusted", _workdir.Path, run: "printenv GITHUB_TOKEN", passEnv: ["GITHUB_TOKEN"]);

        var outcomes = await Runner().RunAsync([plain, trusted], Record, CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Passed, outcome.Detail));
        var plainLines = Lines("plain");
        Assert.Contains("PATH=" + Environment.GetEnvironmentVariable("PATH"), plainLines);
        Assert.DoesNotContain(plainLines, line => line.StartsWith("GITHUB_TOKEN=", StringComparison.Ordinal));
        Assert.DoesNotContain(plainLines, line => line.StartsWith("PROD_PUSH_TOKEN_BS=", StringComparison.Ordinal));
        // The token did reach the trusted check; what it printed is masked.
        Assert.Equal(["***"], Lines("trusted"));
    }

    [Fact]
    public async Task A_hostile_value_reaches_the_command_as_data_not_as_shell_code()
    {
        const string payload = "$(touch injected-1); `touch injected-2`; touch injected-3";
        var check = Check("hostile", _workdir.Path,
            run: "printf '%s\\n' \"$PAYLOAD\"",
            env: new Dictionary<string, string> { ["PAYLOAD"] = payload });

        var outcome = Assert.Single(await Runner().RunAsync([check], Record, CancellationToken.None));

        Assert.True(outcome.Passed, outcome.Detail);
        Assert.Equal([payload], Lines("hostile"));
        Assert.Empty(Directory.GetFiles(_workdir.Path));
    }

    [Fact]
    public async Task Runs_in_its_workdir_and_fails_with_the_tail_of_both_streams()
    {
        var check = Check("e2e", _workdir.Path, run: "pwd; echo 'to stderr' >&2; exit 4");

        var outcome = Assert.Single(await Runner().RunAsync([check], Record, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.Equal("exit code 4", outcome.Detail);
        Assert.Contains(_workdir.Path, outcome.Result!.OutputTail);
        Assert.Contains("to stderr", outcome.Result.OutputTail);
    }

    [Fact]
    public async Task After_orders_real_processes()
    {
        var build = Check("build", _workdir.Path, run: "sleep 0.2; echo built > artifact");
        var test = Check("test", _workdir.Path, run: "test -f artifact", after: ["build"]);

        var outcomes = await Runner().RunAsync([test, build], Record, CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Passed, outcome.Detail));
    }

    [Fact]
    public async Task A_check_past_its_timeout_is_killed_and_reported()
    {
        var check = Check("slow", _workdir.Path, run: "echo started; sleep 30", timeout: TimeSpan.FromSeconds(2));

        var outcome = Assert.Single(await Runner().RunAsync([check], Record, CancellationToken.None));

        Assert.False(outcome.Passed);
        Assert.Equal("timed out after 2s (process tree killed)", outcome.Detail);
        Assert.Equal(["started"], outcome.Result!.OutputTail);
    }

    private CheckRunner Runner()
    {
        var caller = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        caller["GITHUB_TOKEN"] = ReadToken;
        caller["PROD_PUSH_TOKEN_BS"] = PushToken;
        return new CheckRunner(
            new MinimalProcessRunner(), caller, ["GITHUB_TOKEN", "PROD_PUSH_TOKEN_BS"], SecretRedactor.None, TimeProvider.System);
    }

    private void Record(string check, OutputLine line) => _output.Enqueue((check, line));

    private List<string> Lines(string check) => [.. _output.Where(o => o.Check == check).Select(o => o.Line.Text)];
}
