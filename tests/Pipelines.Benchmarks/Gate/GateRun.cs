namespace Pipelines.Benchmarks.Gate;

/// <summary>One measured run of the gate CLI.</summary>
/// <param name="StartUp">From starting the process until the gate started (its report's started_at): runtime, parsing, configuration.</param>
/// <param name="InGate">The gate's own duration from its report.</param>
/// <param name="Exit">From the gate's end until the process had exited: the report, the summary, shutting down.</param>
/// <param name="CallsPerRepository">GitHub calls for the busiest repository (reads, ancestry, re-read, push).</param>
/// <param name="CallsByRoute">The calls for the first repository, by route.</param>
/// <param name="AuditCalls">Calls to the tracker issue (the bypass audit entry).</param>
public sealed record GateRun(
    TimeSpan Wall,
    TimeSpan StartUp,
    TimeSpan InGate,
    TimeSpan Exit,
    long PeakWorkingSetBytes,
    TimeSpan Cpu,
    int CallsPerRepository,
    IReadOnlyDictionary<string, int> CallsByRoute,
    int AuditCalls)
{
    /// <summary>The report of the run, kept to explain the numbers.</summary>
    public string ReportJson { get; init; } = string.Empty;
}
