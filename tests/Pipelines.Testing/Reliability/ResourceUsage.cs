using System.Diagnostics;
using System.Globalization;

namespace Pipelines.Testing.Reliability;

/// <summary>What this process holds at one moment: open handles, managed heap after a full collection, working set, threads.</summary>
public sealed record ResourceUsage(int OpenHandles, long ManagedBytes, long WorkingSetBytes, int Threads)
{
    /// <summary>Measures after a full, compacting collection with finalizers run, so only what is still referenced counts.</summary>
    public static ResourceUsage Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new ResourceUsage(OpenHandleCount(process), GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64, process.Threads.Count);
    }

    /// <summary>Open handles right now, without collecting first: what a run left open, not what a collection would close.</summary>
    public static int OpenHandlesNow()
    {
        using var process = Process.GetCurrentProcess();
        return OpenHandleCount(process);
    }

    /// <summary>Without collecting first: for sampling the peak between runs.</summary>
    public static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"handles {OpenHandles}, managed {ManagedBytes / 1024.0 / 1024.0:0.0} MiB, working set {WorkingSetBytes / 1024.0 / 1024.0:0.0} MiB, threads {Threads}");

    // Linux: /proc/self/fd lists every open descriptor; elsewhere the process's handle count.
    private static int OpenHandleCount(Process process) =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : process.HandleCount;
}
