using System.Globalization;

namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>
/// Samples a live process's peak resident set (VmHWM in /proc/PID/status) and CPU time, its own
/// and its finished children's (/proc/PID/stat), every few milliseconds on a thread of its own, so a busy thread pool cannot
/// delay it. VmHWM is a high-water mark kept by the kernel: any sample is the peak so far, so the
/// last sample before exit misses only growth in the final interval. Once the process has exited
/// its memory is gone and /proc no longer reports it, so sampling is the only way to see it
/// without wrapping the process in another program.
/// </summary>
public sealed class ProcStatusSampler : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    // USER_HZ is 100 on every Linux build that .NET supports.
    private const double ClockTicksPerSecond = 100;

    private readonly int _pid;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peakBytes;
    private long _cpuTicks;
    private long _childrenCpuTicks;

    private ProcStatusSampler(int pid)
    {
        _pid = pid;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"sampler-{pid}" };
    }

    public static ProcStatusSampler Start(int pid)
    {
        var sampler = new ProcStatusSampler(pid);
        sampler._thread.Start();
        return sampler;
    }

    public (long PeakWorkingSetBytes, TimeSpan CpuTime, TimeSpan ChildrenCpuTime) Stop()
    {
        _stop = true;
        _thread.Join();
        return (
            Interlocked.Read(ref _peakBytes),
            TimeSpan.FromSeconds(Interlocked.Read(ref _cpuTicks) / ClockTicksPerSecond),
            TimeSpan.FromSeconds(Interlocked.Read(ref _childrenCpuTicks) / ClockTicksPerSecond));
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }

    private void Loop()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(Interval);
        }
    }

    private void Sample()
    {
        try
        {
            if (ReadPeakBytes(File.ReadAllText($"/proc/{_pid}/status")) is { } peak && peak > Interlocked.Read(ref _peakBytes))
            {
                Interlocked.Exchange(ref _peakBytes, peak);
            }

            if (ReadCpuTicks(File.ReadAllText($"/proc/{_pid}/stat")) is { } ticks)
            {
                Interlocked.Exchange(ref _cpuTicks, ticks.Own);
                Interlocked.Exchange(ref _childrenCpuTicks, ticks.Children);
            }
        }
        catch (IOException)
        {
            // Exited (or not yet visible): keep what was seen.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The <c>VmHWM:</c> line of /proc/PID/status in bytes; null for a zombie (no memory left to report).</summary>
    public static long? ReadPeakBytes(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var fields = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(fields[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>
    /// utime + stime (fields 14 and 15 of /proc/PID/stat) and cutime + cstime (16 and 17: children
    /// that exited and were waited for), counted after the command name, which may hold spaces.
    /// </summary>
    public static (long Own, long Children)? ReadCpuTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length)
        {
            return null;
        }

        // fields[0] is the state (field 3), so field n is at n - 3.
        var fields = stat[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return fields.Length > 14 ? (Field(14) + Field(15), Field(16) + Field(17)) : null;
    }
}
