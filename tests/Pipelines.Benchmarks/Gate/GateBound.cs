namespace Pipelines.Benchmarks.Gate;

/// <summary>
/// The time a gate cannot avoid in a scenario, computed from the scenario and never measured:
/// the slowest staging readiness, the slowest chain of checks, and the pushes, which go one
/// repository at a time by design (each is a re-read of prod and the fast-forward, two round trips).
/// Resolving and the ancestry check happen while staging is still coming up, so they are hidden
/// in the readiness wait; with a bypass there is no wait, so they, and the audit entry, count.
/// </summary>
public sealed record GateBound(TimeSpan Readiness, TimeSpan CheckChain, TimeSpan BeforePushes, TimeSpan PushChain)
{
    /// <summary>Round trips per push: the re-read just before it and the write.</summary>
    public const int PushRoundTrips = 2;

    /// <summary>Round trips a bypass waits for before pushing: resolve (both branches at once), ancestry, the audit comment.</summary>
    public const int BypassRoundTripsBeforePushes = 3;

    public TimeSpan Total => Readiness + CheckChain + BeforePushes + PushChain;

    public static GateBound For(GateScenario scenario)
    {
        var pushes = scenario.Latency * (PushRoundTrips * scenario.Repositories);
        return scenario.Bypass
            ? new GateBound(TimeSpan.Zero, TimeSpan.Zero, scenario.Latency * BypassRoundTripsBeforePushes, pushes)
            : new GateBound(scenario.SlowestReadiness, SlowestChain(scenario.Checks), TimeSpan.Zero, pushes);
    }

    /// <summary>The longest path through the checks' <c>after</c> graph: what they take with unlimited parallelism.</summary>
    public static TimeSpan SlowestChain(IReadOnlyList<CheckSpec> checks)
    {
        var byName = checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var finish = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        TimeSpan FinishOf(CheckSpec check, int depth)
        {
            if (depth > checks.Count)
            {
                throw new InvalidOperationException("the checks' after: graph has a cycle");
            }

            if (!finish.TryGetValue(check.Name, out var end))
            {
                var start = check.After.Select(name => FinishOf(byName[name], depth + 1)).DefaultIfEmpty(TimeSpan.Zero).Max();
                end = finish[check.Name] = start + check.Duration;
            }

            return end;
        }

        return checks.Select(c => FinishOf(c, 0)).DefaultIfEmpty(TimeSpan.Zero).Max();
    }
}
