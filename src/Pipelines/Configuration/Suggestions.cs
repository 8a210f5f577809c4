namespace Pipelines.Configuration;

/// <summary>Finds the allowed word a typo was probably meant to be.</summary>
internal static class Suggestions
{
    private const int MaxComparedLength = 64;

    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        if (typed.Length == 0 || typed.Length > MaxComparedLength)
        {
            return null;
        }

        var lowered = typed.ToLowerInvariant().Replace('_', '-');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(lowered, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Close enough to be a typo, not merely another short word.
        return bestDistance <= Math.Max(1, Math.Min(3, typed.Length / 3)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
