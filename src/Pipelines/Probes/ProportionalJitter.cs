namespace Pipelines.Probes;

/// <summary>
/// Scales an interval by a uniformly random factor in [1 - spread, 1 + spread): ±20 % by default.
/// Safe to share between concurrent pollers.
/// </summary>
public sealed class ProportionalJitter : IJitter
{
    public const double DefaultSpread = 0.2;

    private readonly Random _random;
    private readonly Lock _gate = new();

    public ProportionalJitter(Random random, double spread = DefaultSpread)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (double.IsNaN(spread) || spread < 0 || spread >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(spread), spread, "The spread must be in [0, 1).");
        }

        _random = random;
        Spread = spread;
    }

    public static ProportionalJitter Shared { get; } = new(Random.Shared);

    public double Spread { get; }

    public TimeSpan Apply(TimeSpan interval)
    {
        double sample;
        lock (_gate)
        {
            // Random instances other than Random.Shared are not thread-safe.
            sample = _random.NextDouble();
        }

        var factor = 1 - Spread + (2 * Spread * sample);
        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }
}
