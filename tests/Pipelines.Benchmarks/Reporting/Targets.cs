using Pipelines.Benchmarks.Gate;

namespace Pipelines.Benchmarks.Reporting;

/// <summary>The targets of issue 6.</summary>
public static class Targets
{
    /// <summary>Reads of both branches, the ancestry comparison, the re-read before the push, the push.</summary>
    public const int CallsPerRepository = 5;

    /// <summary>The bypass audit comment.</summary>
    public const int AuditCalls = 1;

    public const double HelpMs = 250;

    public const double PeakWorkingSetMiB = 150;

    /// <summary>Matrix wall time may exceed its slowest plugin by this much when parallel ≥ plugins.</summary>
    public const double MatrixSlackMs = 1000;

    /// <summary>
    /// Overhead allowed for a gate that runs with unlimited parallelism: 5 % of the bound + 300 ms
    /// for up to 8 repositories (the issue states it at L = 50 ms; at L = 0 the same formula is the
    /// stricter reading), 1.5 s for 32. None for one-at-a-time or bypass runs: they are comparisons.
    /// </summary>
    public static double? OverheadMs(GateScenario scenario, double boundMs) =>
        scenario.MaxParallel is not null || scenario.Bypass ? null
        : scenario.Repositories <= 8 ? (0.05 * boundMs) + 300
        : 1500;
}
