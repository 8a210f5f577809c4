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

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}\\z")]
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

    /// <summary>
    /// The marker an entry starts with, or null. Only a leading marker counts, as with the promote
    /// audit markers: every entry this tool writes starts with its marker, and a marker quoted
    /// anywhere else (someone pasting one into a comment, a command's output) must neither make
    /// a run think it already wrote nor add a result to the consecutive-red count.
    /// </summary>
    public static RunMarker? Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = Pattern().Match(text);
        return match is { Success: true, Index: 0 }
            ? new RunMarker(
                match.Groups["run"].Value,
                match.Groups["plugin"].Value,
                match.Groups["result"].Value == "red" ? RecordedResult.Red : RecordedResult.Green)
            : null;
    }

    /// <summary>True when <paramref name="text"/> starts with a marker of this run for this plugin (any result).</summary>
    public static bool IsWrittenBy(string? text, string runId, string plugin) =>
        Find(text) is { } marker && marker.RunId == runId && marker.Plugin == plugin;
}
