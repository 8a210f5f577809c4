namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>Minimum, median and maximum of several runs.</summary>
public sealed record Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }

    /// <summary><c>median (min–max)</c>, rounded to whole units.</summary>
    public string Format(string unit = "") =>
        Min == Max ? $"{Median:0}{unit}" : $"{Median:0}{unit} ({Min:0}–{Max:0})";
}
