using Microsoft.Extensions.Time.Testing;
using Pipelines.Execution;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Execution;

/// <summary>
/// Timeouts and cancellation against real process trees. Deadlines run on a fake clock, moved
/// only once the script has said it is ready, so no test depends on how fast bash starts.
/// </summary>
public sealed class ProcessRunnerTerminationTests : IDisposable
{
    // A child with a background grandchild, both recording their ids before saying "ready".
    private const string ParentAndGrandchild = """
        sleep 30 &
        echo $! > "$PIDS/grandchild"
        echo ready
        wait
        """;

    private readonly TempDirectory _pids = new("pipelines-pids");
    private readonly List<int> _escaped = [];

    public void Dispose()
    {
        _escaped.ForEach(ChildProcesses.KillEscaped);
        _pids.Dispose();
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_tree()
    {
        var time = new FakeTimeProvider();
        var ready = new TaskCompletionSource();
        var runner = new ProcessRunner(timeProvider: time);
        var command = ChildProcesses.Bash(ParentAndGrandchild, ("PIDS", _pids.Path)).WithTimeout(TimeSpan.FromMilliseconds(500));

        var run = runner.RunAsync(command, line => SignalWhenReady(line, ready));
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.TimedOut, result.Termination);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result.Duration);
        Assert.Contains("ready", result.OutputTail);
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the grandchild survived the timeout");
    }

    [Fact]
    public async Task Nothing_is_killed_before_the_deadline()
    {
        var time = new FakeTimeProvider();
        var ready = new TaskCompletionSource();
        var runner = new ProcessRunner(timeProvider: time);
        var command = ChildProcesses.Bash("echo ready; while [ ! -e \"$PIDS/go\" ]; do sleep 0.01; done; echo finished", ("PIDS", _pids.Path))
            .WithTimeout(TimeSpan.FromSeconds(10));

        var run = runner.RunAsync(command, line => SignalWhenReady(line, ready));
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        time.Advance(TimeSpan.FromSeconds(9.9));
        await File.WriteAllTextAsync(_pids.Combine("go"), string.Empty);
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.Exited, result.Termination);
        Assert.Equal(["ready", "finished"], result.OutputTail);
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_tree_and_returns_a_cancelled_result()
    {
        var ready = new TaskCompletionSource();
        using var cancellation = new CancellationTokenSource();
        var runner = new ProcessRunner(timeProvider: new FakeTimeProvider());

        var run = runner.RunAsync(ChildProcesses.Bash(ParentAndGrandchild, ("PIDS", _pids.Path)), line => SignalWhenReady(line, ready), cancellation.Token);
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        await cancellation.CancelAsync();
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.Cancelled, result.Termination);
        Assert.Contains("ready", result.OutputTail);
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the grandchild survived cancellation");
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var marker = _pids.Combine("started");
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("touch \"$M\"", ("M", marker)), cancellationToken: new CancellationToken(canceled: true));

        Assert.Equal(ProcessTermination.Cancelled, result.Termination);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_tree_that_ignores_SIGTERM_is_still_killed()
    {
        const string script = """
            trap '' TERM
            sleep 30 &
            echo $! > "$PIDS/grandchild"
            echo $$ > "$PIDS/child"
            echo ready
            wait
            """;
        var time = new FakeTimeProvider();
        var ready = new TaskCompletionSource();
        var runner = new ProcessRunner(timeProvider: time);

        var run = runner.RunAsync(
            ChildProcesses.Bash(script, ("PIDS", _pids.Path)).WithTimeout(TimeSpan.FromSeconds(1)),
            line => SignalWhenReady(line, ready));
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.TimedOut, result.Termination);
        Assert.Equal(128 + 9, result.ExitCode); // killed by SIGKILL
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the grandchild survived");
    }

    [Fact]
    public async Task A_detached_grandchild_holding_the_output_open_does_not_hang_a_killed_run()
    {
        // The subshell exits at once, so its sleep is re-parented out of the tree but keeps the
        // output pipes open; only the drain limit ends the run.
        const string script = """
            ( sleep 30 & echo $! > "$PIDS/escaped" )
            echo ready
            sleep 30
            """;
        var ready = new TaskCompletionSource();
        using var cancellation = new CancellationTokenSource();
        var runner = new ProcessRunner(options: ProcessRunnerOptions.Default.WithDrainTimeout(TimeSpan.FromMilliseconds(200)));

        var run = runner.RunAsync(ChildProcesses.Bash(script, ("PIDS", _pids.Path)), line => SignalWhenReady(line, ready), cancellation.Token);
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        _escaped.Add(ChildProcesses.ReadPid(_pids.Combine("escaped")));
        await cancellation.CancelAsync();
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.Cancelled, result.Termination);
        Assert.Equal(["ready"], result.OutputTail);
    }

    [Fact]
    public async Task A_detached_grandchild_does_not_hang_a_run_that_exited()
    {
        const string script = """
            ( sleep 30 & echo $! > "$PIDS/escaped" )
            echo done
            """;
        var runner = new ProcessRunner(options: ProcessRunnerOptions.Default.WithDrainTimeout(TimeSpan.FromMilliseconds(200)));

        var result = await runner.RunAsync(ChildProcesses.Bash(script, ("PIDS", _pids.Path))).WaitAsync(ChildProcesses.Guard);
        _escaped.Add(ChildProcesses.ReadPid(_pids.Combine("escaped")));

        Assert.True(result.Succeeded);
        Assert.Equal(["done"], result.OutputTail);
    }

    [Fact]
    public async Task A_callback_that_throws_kills_the_tree_and_the_exception_propagates()
    {
        var runner = new ProcessRunner(timeProvider: new FakeTimeProvider());

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(
            ChildProcesses.Bash(ParentAndGrandchild, ("PIDS", _pids.Path)),
            line => throw new InvalidOperationException($"observer failed on {line.Text}")).WaitAsync(ChildProcesses.Guard));

        Assert.Equal("observer failed on ready", thrown.Message);
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the grandchild survived");
    }

    [Fact]
    public async Task With_a_grace_period_a_process_that_exits_on_interrupt_cleans_up_and_is_not_killed()
    {
        const string script = """
            sleep 30 &
            child=$!
            echo $child > "$PIDS/grandchild"
            trap 'echo cleaned up; kill $child; exit 3' INT
            echo ready
            wait $child
            """;
        var time = new FakeTimeProvider();
        var ready = new TaskCompletionSource();
        var runner = new ProcessRunner(timeProvider: time);
        var command = ChildProcesses.Bash(script, ("PIDS", _pids.Path)).WithTimeout(TimeSpan.FromSeconds(1)).WithGracePeriod(TimeSpan.FromSeconds(10));

        var run = runner.RunAsync(command, line => SignalWhenReady(line, ready));
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.TimedOut, result.Termination);
        Assert.Equal(3, result.ExitCode); // its own exit, not SIGKILL's 137
        Assert.Equal(["ready", "cleaned up"], result.OutputTail);
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the script's cleanup did not run");
    }

    [Fact]
    public async Task With_a_grace_period_a_tree_that_ignores_the_interrupt_is_killed_when_the_grace_ends()
    {
        // Like wfctl during infra work: it notices the signal and carries on.
        const string script = """
            trap 'echo carrying on' INT
            sleep 30 &
            echo $! > "$PIDS/grandchild"
            echo ready
            while true; do wait; done
            """;
        var grace = TimeSpan.FromSeconds(7);
        var time = new TimerWatchingTimeProvider(grace);
        var ready = new TaskCompletionSource();
        var runner = new ProcessRunner(timeProvider: time);
        var command = ChildProcesses.Bash(script, ("PIDS", _pids.Path)).WithTimeout(TimeSpan.FromSeconds(1)).WithGracePeriod(grace);

        var run = runner.RunAsync(command, line => SignalWhenReady(line, ready));
        await ready.Task.WaitAsync(ChildProcesses.Guard);
        time.Advance(TimeSpan.FromSeconds(1));
        await time.TimerCreated.WaitAsync(ChildProcesses.Guard);
        var beforeGraceEnds = run.IsCompleted;
        time.Advance(grace);
        var result = await run.WaitAsync(ChildProcesses.Guard);

        Assert.False(beforeGraceEnds);
        Assert.Equal(ProcessTermination.TimedOut, result.Termination);
        Assert.Equal(128 + 9, result.ExitCode); // killed by SIGKILL
        Assert.Equal(TimeSpan.FromSeconds(8), result.Duration);
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(ChildProcesses.ReadPid(_pids.Combine("grandchild"))), "the grandchild survived");
    }

    [Fact]
    public async Task Rejects_a_negative_grace_period()
    {
        var runner = new ProcessRunner();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(ChildProcesses.Bash("true").WithGracePeriod(TimeSpan.FromSeconds(-1))));
    }

    private static void SignalWhenReady(OutputLine line, TaskCompletionSource ready)
    {
        if (line.Text == "ready")
        {
            ready.TrySetResult();
        }
    }
}

/// <summary>A fake clock that reports when a timer with one particular due time is created.</summary>
internal sealed class TimerWatchingTimeProvider(TimeSpan dueTime) : FakeTimeProvider
{
    private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task TimerCreated => _created.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime1, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime1, period);
        if (dueTime1 == dueTime)
        {
            _created.TrySetResult();
        }

        return timer;
    }
}
