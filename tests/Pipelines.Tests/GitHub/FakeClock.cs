using Microsoft.Extensions.Time.Testing;

namespace Pipelines.Tests.GitHub;

/// <summary>Drives a <see cref="FakeTimeProvider"/> until a task completes, so retries and timeouts elapse without real waiting.</summary>
internal static class FakeClock
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan? step = null, int maxSteps = 100_000)
    {
        await DriveAsync(time, task, step ?? TimeSpan.FromMilliseconds(100), maxSteps);
        return await task;
    }

    public static async Task RunAsync(FakeTimeProvider time, Task task, TimeSpan? step = null, int maxSteps = 100_000)
    {
        await DriveAsync(time, task, step ?? TimeSpan.FromMilliseconds(100), maxSteps);
        await task;
    }

    private static async Task DriveAsync(FakeTimeProvider time, Task task, TimeSpan step, int maxSteps)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Yield();
        }

        if (!task.IsCompleted)
        {
            throw new TimeoutException($"the task did not complete within {maxSteps} fake steps of {step}");
        }
    }
}
