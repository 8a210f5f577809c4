namespace Pipelines.Benchmarks.Gate;

/// <summary>One check of the gate: <c>sleep</c> for its duration, after the checks it names.</summary>
public sealed record CheckSpec(string Name, TimeSpan Duration, IReadOnlyList<string> After);

/// <summary>
/// One gate scenario: N repositories on the emulator with a per-call latency L, staging services
/// that become healthy at set delays after the CLI starts, checks that take a set time.
/// </summary>
public sealed record GateScenario
{
    /// <summary>e2e then canary (1.5 s, the slowest chain), and a contract check beside them (0.7 s).</summary>
    public static IReadOnlyList<CheckSpec> DefaultChecks { get; } =
    [
        new("e2e", TimeSpan.FromSeconds(1.0), []),
        new("canary", TimeSpan.FromSeconds(0.5), ["e2e"]),
        new("contract", TimeSpan.FromSeconds(0.7), []),
    ];

    public required int Repositories { get; init; }

    /// <summary>Added by the emulator to every GitHub call: a real API round trip.</summary>
    public required TimeSpan Latency { get; init; }

    /// <summary>The CLI's <c>--max-parallel</c>; null: no limit.</summary>
    public int? MaxParallel { get; init; }

    /// <summary><c>--skip-gate</c> with a justification: no probes or checks, an audit entry before the pushes.</summary>
    public bool Bypass { get; init; }

    /// <summary>GITHUB_RUN_ATTEMPT: 1 is a first attempt, higher a re-run of the same run id.</summary>
    public int RunAttempt { get; init; } = 1;

    /// <summary>When the last staging service becomes healthy, counted from the CLI's start; the others spread from half of it.</summary>
    public TimeSpan SlowestReadiness { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<CheckSpec> Checks { get; init; } = DefaultChecks;

    /// <summary>poll.interval in the generated configuration (the gate adds up to 20 % jitter).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public string Name =>
        $"gate N={Repositories} L={Latency.TotalMilliseconds:0}ms" +
        (MaxParallel is { } limit ? $" max-parallel={limit}" : string.Empty) +
        (Bypass ? $" bypass attempt={RunAttempt}" : string.Empty);

    /// <summary>Repository <paramref name="index"/> (0-based) becomes healthy this long after the start; the last one at <see cref="SlowestReadiness"/>.</summary>
    public TimeSpan ReadinessOf(int index) =>
        SlowestReadiness * (0.5 + (0.5 * (index + 1) / Repositories));
}
