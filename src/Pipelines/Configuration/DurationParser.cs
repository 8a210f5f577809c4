using System.Globalization;

namespace Pipelines.Configuration;

/// <summary>
/// Parses durations written like Go's: one or more number-and-unit pairs, <c>500ms</c>,
/// <c>5s</c>, <c>20m</c>, <c>1h30m</c>, <c>1.5h</c>. Units: ms, s, m, h. A bare number is refused
/// because "20" could mean seconds or minutes.
/// </summary>
internal static class DurationParser
{
    /// <returns>Null on success, else what is wrong.</returns>
    public static string? TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        const string Shape = "is not a duration; write e.g. 500ms, 5s, 20m, 1h or 1h30m";
        if (text.Length is 0 or > 32)
        {
            return Shape;
        }

        decimal totalMilliseconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return text.StartsWith('-') ? "must be greater than zero" : Shape;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            decimal? millisecondsPerUnit = text[unitStart..i] switch
            {
                "ms" => 1m,
                "s" => 1_000m,
                "m" => 60_000m,
                "h" => 3_600_000m,
                _ => null,
            };
            if (millisecondsPerUnit is null)
            {
                return i == unitStart ? $"{Shape} (a unit is required)" : Shape;
            }

            if (amount > (decimal)ConfigurationLimits.MaxDuration.TotalMilliseconds)
            {
                return $"must be at most {(int)ConfigurationLimits.MaxDuration.TotalHours}h";
            }

            totalMilliseconds += amount * millisecondsPerUnit.Value;
            if (totalMilliseconds > (decimal)ConfigurationLimits.MaxDuration.TotalMilliseconds)
            {
                return $"must be at most {(int)ConfigurationLimits.MaxDuration.TotalHours}h";
            }
        }

        if (totalMilliseconds < 1)
        {
            return "must be greater than zero";
        }

        duration = TimeSpan.FromMilliseconds((double)decimal.Round(totalMilliseconds));
        return null;
    }
}
