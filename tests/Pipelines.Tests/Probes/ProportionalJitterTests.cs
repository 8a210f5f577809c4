using Pipelines.Probes;

namespace Pipelines.Tests.Probes;

public sealed class ProportionalJitterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void Stays_within_twenty_percent_either_way()
    {
        var jitter = new ProportionalJitter(new Random(1234));

        var spread = Enumerable.Range(0, 10_000).Select(_ => jitter.Apply(Interval)).ToList();

        Assert.All(spread, delay => Assert.InRange(delay, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)));
        // Uniform over the range, not a constant: both ends are approached.
        Assert.True(spread.Min() < TimeSpan.FromSeconds(4.1), $"min {spread.Min()}");
        Assert.True(spread.Max() > TimeSpan.FromSeconds(5.9), $"max {spread.Max()}");
    }

    [Theory]
    [InlineData(0.0, 4000)]
    [InlineData(0.5, 5000)]
    [InlineData(0.99999, 5999.99)]
    public void Maps_the_random_sample_onto_the_spread(double sample, double expectedMilliseconds)
    {
        var jitter = new ProportionalJitter(new FixedRandom(sample));

        var delay = jitter.Apply(Interval);

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, precision: 1);
    }

    [Fact]
    public void A_custom_spread_is_honoured()
    {
        var jitter = new ProportionalJitter(new FixedRandom(0.0), spread: 0.5);

        Assert.Equal(TimeSpan.FromSeconds(2.5), jitter.Apply(Interval));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Refuses_a_spread_outside_zero_to_one(double spread)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionalJitter(new Random(1), spread));
    }

    private sealed class FixedRandom(double sample) : Random
    {
        public override double NextDouble() => sample;
    }
}
