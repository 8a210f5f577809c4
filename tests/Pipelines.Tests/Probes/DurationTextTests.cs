using Pipelines.Probes;

namespace Pipelines.Tests.Probes;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0.0s")]
    [InlineData(12.44, "12.4s")]
    [InlineData(59.9, "59.9s")]
    [InlineData(245, "4m05s")]
    [InlineData(3725, "1h02m")]
    public void Elapsed_time_reads_like_a_stopwatch(double seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Elapsed(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(1200, "20m")]
    [InlineData(5400, "1h30m")]
    [InlineData(90, "1m30s")]
    [InlineData(10, "10s")]
    [InlineData(0.25, "250ms")]
    [InlineData(1.5, "1.5s")]
    [InlineData(7200, "2h")]
    public void A_configured_limit_reads_like_the_configuration(double seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Setting(TimeSpan.FromSeconds(seconds)));
    }
}
