using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>What a successful plan proves about the plugin under test.</summary>
/// <param name="Resources">Resources the plan would change (c+u+r+d), when known.</param>
/// <param name="Problem">Why the plan does not prove the plugin ran; null when it does.</param>
public sealed partial record PlanProof(int? Resources, string? Problem)
{
    public bool Proven => Problem is null;

    /// <summary>
    /// A plan proves the plugin ran only if it planned at least one resource and, when the
    /// machine-readable plan (<c>plan -o FILE</c>) is there, its <c>generator_metadata.plugins</c>
    /// names the plugin (W interfaces/iac_state.go:57-138). A config without <c>infra.*</c> resources
    /// plans <c>No changes. Infrastructure is up-to-date.</c> and exits 0 without loading any
    /// plugin (fact sheet 2.3): that is not a green.
    /// </summary>
    /// <param name="pluginNames">The names the plugin may be listed under (manifest name, short name).</param>
    public static PlanProof Read(string planFile, IReadOnlyList<string> stdout, IReadOnlyCollection<string> pluginNames)
    {
        var fromTable = stdout.Select(l => Summary().Match(l.Trim())).LastOrDefault(m => m.Success) is { } match
            ? Enumerable.Range(1, 4).Sum(i => int.Parse(match.Groups[i].Value, NumberStyles.None, CultureInfo.InvariantCulture))
            : (int?)null;
        if (ReadFile(planFile) is { } plan)
        {
            var actions = (plan["actions"] as JsonArray)?.Count ?? 0;
            var plugins = (plan["generator_metadata"]?["plugins"] as JsonArray ?? [])
                .Select(p => p?["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string?)v : null)
                .OfType<string>()
                .ToList();
            if (actions == 0)
            {
                return new PlanProof(0, "the plan has no resource to create, update, replace or destroy, so no plugin was exercised");
            }

            return plugins.Any(p => pluginNames.Contains(p, StringComparer.OrdinalIgnoreCase))
                ? new PlanProof(actions, null)
                : new PlanProof(actions, $"the plan's generator_metadata.plugins ({(plugins.Count == 0 ? "none" : string.Join(", ", plugins))}) does not name {string.Join(" or ", pluginNames)}");
        }

        return fromTable switch
        {
            null => new PlanProof(null, "the plan printed no 'Plan: ...' summary and wrote no plan file"),
            0 => new PlanProof(0, "the plan has no resource to create, update, replace or destroy, so no plugin was exercised"),
            var count => new PlanProof(count, null),
        };
    }

    private static JsonObject? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) && new FileInfo(path).Length < 16 * 1024 * 1024
                ? JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { MaxDepth = 128 }) as JsonObject
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\**Plan: ([0-9]{1,6}) to create, ([0-9]{1,6}) to update, ([0-9]{1,6}) to replace, ([0-9]{1,6}) to destroy\.\**\z")]
    private static partial Regex Summary();
}
