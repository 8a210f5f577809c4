using System.Globalization;

namespace Pipelines.Probes;

/// <summary>Durations as people read them in a gate's output.</summary>
internal static class DurationText
{
    /// <summary>A measured time: <c>12.4s</c>, <c>4m05s</c>, <c>1h02m</c>.</summary>
    public static string Elapsed(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        }

        return elapsed < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}h{elapsed.Minutes:00}m");
    }

    /// <summary>A configured limit, in the configuration's own units: <c>20m</c>, <c>1h30m</c>, <c>90s</c> as <c>1m30s</c>, <c>250ms</c>.</summary>
    public static string Setting(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");
        }

        var text = string.Empty;
        if (value.TotalHours >= 1)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h");
        }

        if (value.Minutes > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            text += seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }
}
