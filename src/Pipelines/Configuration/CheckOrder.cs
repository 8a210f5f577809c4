namespace Pipelines.Configuration;

/// <summary>
/// The rules across checks: names are unique, and <c>after:</c> names existing checks without
/// forming a cycle (a cycle would leave its checks waiting for ever).
/// </summary>
internal static class CheckOrder
{
    public static void Validate(IReadOnlyList<CheckReader.Result> checks)
    {
        var byName = new Dictionary<string, CheckReader.Result>(StringComparer.OrdinalIgnoreCase);
        foreach (var check in checks)
        {
            if (!byName.TryAdd(check.Name.Text, check))
            {
                throw check.Name.Error($"{check.Name.Display} is the name of another check (line {byName[check.Name.Text].Name.Line}); check names must be unique");
            }
        }

        foreach (var check in checks)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var after in check.After)
            {
                if (!byName.ContainsKey(after.Text))
                {
                    throw after.Error($"{after.Display} is not the name of a check (checks: {string.Join(", ", checks.Select(c => c.Name.Shown).Take(20))})");
                }

                if (string.Equals(after.Text, check.Name.Text, StringComparison.OrdinalIgnoreCase))
                {
                    throw after.Error("a check cannot run after itself");
                }

                if (!seen.Add(after.Text))
                {
                    throw after.Error($"{after.Display} is listed twice");
                }
            }
        }

        RejectCycles(checks, byName);
    }

    /// <summary>
    /// Kahn's algorithm, iteratively (a hostile file could chain thousands of checks, too many for
    /// recursion): whatever cannot be ordered lies on or behind a cycle, and walking back along
    /// <c>after</c> from any of it must come round to a check already visited.
    /// </summary>
    private static void RejectCycles(IReadOnlyList<CheckReader.Result> checks, Dictionary<string, CheckReader.Result> byName)
    {
        var waitingOn = checks.ToDictionary(c => c, c => c.After.Count);
        var followers = checks.ToDictionary(c => c, _ => new List<CheckReader.Result>());
        foreach (var check in checks)
        {
            foreach (var after in check.After)
            {
                followers[byName[after.Text]].Add(check);
            }
        }

        var ready = new Queue<CheckReader.Result>(checks.Where(c => c.After.Count == 0));
        var ordered = 0;
        while (ready.TryDequeue(out var check))
        {
            ordered++;
            foreach (var follower in followers[check])
            {
                if (--waitingOn[follower] == 0)
                {
                    ready.Enqueue(follower);
                }
            }
        }

        if (ordered == checks.Count)
        {
            return;
        }

        var current = checks.First(c => waitingOn[c] > 0);
        var path = new List<CheckReader.Result>();
        var position = new Dictionary<CheckReader.Result, int>();
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = current.After.Select(a => byName[a.Text]).First(c => waitingOn[c] > 0);
        }

        var cycle = path.Skip(position[current]).ToList();
        var names = cycle.Append(cycle[0]).Select(c => c.Name.Shown);
        throw cycle[0].Name.Error($"checks wait on each other in a cycle: {string.Join(" waits on ", names)}");
    }
}
