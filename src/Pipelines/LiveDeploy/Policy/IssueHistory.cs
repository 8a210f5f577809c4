namespace Pipelines.LiveDeploy.Policy;

/// <summary>
/// The results recorded on an open investigation issue (its body, then its comments, in order),
/// as they stood before this run: the policy must decide the same way however often a run is
/// repeated, so the run's own markers are left out.
/// </summary>
public sealed record IssueHistory(IReadOnlyList<RecordedResult> Results)
{
    /// <summary>One result per run (a run that wrote twice, say an issue and a demotion comment, counts once).</summary>
    public static IssueHistory From(IEnumerable<string> entries, string plugin, string excludeRunId)
    {
        var order = new List<string>();
        var results = new Dictionary<string, RecordedResult>(StringComparer.Ordinal);
        foreach (var marker in entries.Select(RunMarker.Find).OfType<RunMarker>())
        {
            if (marker.Plugin != plugin || marker.RunId == excludeRunId)
            {
                continue;
            }

            if (!results.ContainsKey(marker.RunId))
            {
                order.Add(marker.RunId);
            }

            results[marker.RunId] = marker.Result;
        }

        return new IssueHistory(order.Select(run => results[run]).ToList());
    }

    /// <summary>How many reds were recorded since the last green (or since the issue opened).</summary>
    public int ConsecutiveReds
    {
        get
        {
            var count = 0;
            for (var i = Results.Count - 1; i >= 0 && Results[i] == RecordedResult.Red; i--)
            {
                count++;
            }

            return count;
        }
    }

    public bool LastRecordedRed => Results.Count > 0 && Results[^1] == RecordedResult.Red;
}
