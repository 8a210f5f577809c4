using Microsoft.Extensions.Time.Testing;

namespace Pipelines.Tests.Probes;

/// <summary>
/// A FakeTimeProvider that drives code under test to completion without real sleeping. It counts
/// the timers the code creates and fires, so that after a step wakes the code it can wait for the
/// code to settle (finish, or park on a new timer) before moving time on: a continuation woken by
/// a cancellation runs on the thread pool, and advancing before it parks would make its next wait
/// start at the wrong fake time.
/// </summary>
internal sealed class DrivenClock : FakeTimeProvider
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);

    private int _created;
    private int _fired;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _created);
        return base.CreateTimer(
            s =>
            {
                Interlocked.Increment(ref _fired);
                callback(s);
            },
            state,
            dueTime,
            period);
    }

    /// <summary>Starts <paramref name="start"/> and advances time in steps until its task completes.</summary>
    public Task<T> RunUntilDone<T>(Func<Task<T>> start, TimeSpan step, int maxSteps = 100_000) =>
        Task.Run(async () =>
        {
            // On the thread pool: no test-framework SynchronizationContext to post continuations to.
            var task = start();
            for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
            {
                AdvanceAndSettle(task, step);
            }

            Assert.True(task.IsCompleted, $"still waiting after {maxSteps} steps of {step}");
            return await task;
        });

    /// <summary>Advances time; when that fired a timer, waits until <paramref name="task"/> finished or parked on a new timer.</summary>
    public void AdvanceAndSettle(Task task, TimeSpan step)
    {
        var created = Volatile.Read(ref _created);
        var fired = Volatile.Read(ref _fired);
        Advance(step);
        if (Volatile.Read(ref _fired) == fired)
        {
            return;
        }

        var settled = SpinWait.SpinUntil(() => task.IsCompleted || Volatile.Read(ref _created) > created, SettleLimit);
        Assert.True(settled, "the code under test neither finished nor started a new wait after its timer fired");
    }
}

/// <summary>Jitter that scales every interval by a fixed factor, and remembers what it was asked.</summary>
internal sealed class FixedJitter(double factor) : Pipelines.Probes.IJitter
{
    public List<TimeSpan> Requested { get; } = [];

    public TimeSpan Apply(TimeSpan interval)
    {
        Requested.Add(interval);
        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }
}
