using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Pipelines.Tests.GitHub;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer armed on it, so a test can
/// advance time exactly when the code under test is waiting, and by exactly what it waits for.
/// Polly's retry delays and per-attempt timeouts both arm timers here. Continuations after a
/// fired timer run on the thread pool, so advancing blindly in a loop could race a running
/// attempt; waiting for the next timer cannot.
/// </summary>
internal sealed class FakeClock : TimeProvider
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(Fake.CreateTimer(callback, state, dueTime, period), this);
        Armed(dueTime);
        return timer;
    }

    // CancellationTokenSource creates its timer disarmed and arms it later with Change (CancelAfter).
    private void Armed(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _created.Writer.TryWrite(dueTime);
        }
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

    /// <summary>
    /// Runs <paramref name="task"/> to completion: each time the code creates a timer that
    /// <paramref name="advanceFor"/> accepts, time moves forward by that timer's due time.
    /// By default every timer is advanced except per-attempt timeouts equal to
    /// <paramref name="requestTimeout"/> (so a responding attempt never times out).
    /// </summary>
    public async Task RunAsync(Task task, TimeSpan requestTimeout, bool advanceTimeouts = false)
    {
        while (!task.IsCompleted)
        {
            // WaitToRead consumes nothing, so a wait abandoned when the task completes cannot
            // swallow a timer that a later call on the same clock needs.
            var timerCreated = _created.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(task, timerCreated).WaitAsync(Guard);
            while (_created.Reader.TryRead(out var due))
            {
                if (due != requestTimeout || advanceTimeouts)
                {
                    Advance(due);
                }
            }
        }

        await task;
    }

    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan requestTimeout, bool advanceTimeouts = false)
    {
        await RunAsync((Task)task, requestTimeout, advanceTimeouts);
        return await task;
    }

    /// <summary>Waits (bounded, real time) until a timer with this due time is created.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        while (await _created.Reader.ReadAsync().AsTask().WaitAsync(Guard) != dueTime)
        {
        }
    }

    /// <summary>Waits (bounded, real time) for the next timer and returns its due time.</summary>
    public Task<TimeSpan> NextTimerAsync() => _created.Reader.ReadAsync().AsTask().WaitAsync(Guard);

    private sealed class ObservedTimer(ITimer inner, FakeClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Armed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
