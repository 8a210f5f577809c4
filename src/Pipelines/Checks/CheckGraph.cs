using Pipelines.Configuration;

namespace Pipelines.Checks;

/// <summary>The <c>after:</c> ordering of checks: validated as a DAG before anything runs.</summary>
internal static class CheckGraph
{
    /// <returns>The checks with every check after all of its dependencies, otherwise in configuration order.</returns>
    /// <exception cref="ConfigurationException">Duplicate names, an unknown <c>after</c> name, or a cycle.</exception>
    public static IReadOnlyList<CheckSettings> Order(IReadOnlyList<CheckSettings> checks)
    {
        var byName = new Dictionary<string, CheckSettings>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            if (!byName.TryAdd(check.Name, check))
            {
                throw new ConfigurationException($"two checks are named '{check.Name}'", "promote.checks");
            }
        }

        foreach (var check in checks)
        {
            foreach (var dependency in check.After)
            {
                if (!byName.ContainsKey(dependency))
                {
                    throw new ConfigurationException(
                        $"check '{check.Name}' runs after '{dependency}', which is not a configured check",
                        $"promote.checks.{check.Name}.after");
                }
            }
        }

        var ordered = new List<CheckSettings>(checks.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < checks.Count)
        {
            // Stable: the first check in configuration order whose dependencies are all placed.
            var next = checks.FirstOrDefault(c => !placed.Contains(c.Name) && c.After.All(placed.Contains));
            if (next is null)
            {
                var stuck = checks.Where(c => !placed.Contains(c.Name)).Select(c => c.Name);
                throw new ConfigurationException(
                    $"checks {string.Join(", ", stuck)} wait for each other in a cycle",
                    "promote.checks.after");
            }

            ordered.Add(next);
            placed.Add(next.Name);
        }

        return ordered;
    }
}
