using System.Text.RegularExpressions;

namespace Pipelines.LiveDeploy.Policy;

/// <summary>
/// The hidden line every issue, comment and pull request this tool writes carries:
/// <c>&lt;!-- live-deploy-run: ID plugin: NAME result: red|green --&gt;</c>. It makes writes
/// idempotent (a run looks for its own marker before writing) and it is the memory of past
/// results that the consecutive-red rule counts, so a fresh runner needs no other state.
/// </summary>
public sealed partial record RunMarker(string RunId, string Plugin, RecordedResult Result)
{
    [GeneratedRegex(@"<!-- live-deploy-run: (?<run>[A-Za-z0-9._-]{1,64}) plugin: (?<plugin>[a-z0-9][a-z0-9-]{0,63}) result: (?<result>red|green) -->")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex PluginPattern();

    public static bool IsValidRunId(string? runId) => runId is not null && RunIdPattern().IsMatch(runId);

    public static bool IsValidPlugin(string? plugin) => plugin is not null && PluginPattern().IsMatch(plugin);

    public string Render()
    {
        if (!IsValidRunId(RunId) || !IsValidPlugin(Plugin))
        {
            throw new ArgumentException("run id or plugin name would not round-trip through a marker");
        }

        return $"<!-- live-deploy-run: {RunId} plugin: {Plugin} result: {(Result == RecordedResult.Red ? "red" : "green")} -->";
    }

    public override string ToString() => Render();

    /// <summary>Every marker in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<RunMarker> FindAll(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return Pattern().Matches(text)
            .Select(m => new RunMarker(
                m.Groups["run"].Value,
                m.Groups["plugin"].Value,
                m.Groups["result"].Value == "red" ? RecordedResult.Red : RecordedResult.Green))
            .ToList();
    }

    /// <summary>True when <paramref name="text"/> carries a marker of this run for this plugin (any result).</summary>
    public static bool IsWrittenBy(string? text, string runId, string plugin) =>
        FindAll(text).Any(m => m.RunId == runId && m.Plugin == plugin);
}
