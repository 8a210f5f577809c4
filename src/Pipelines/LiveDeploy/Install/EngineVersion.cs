using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipelines.LiveDeploy.Install;

public enum EngineCompatibility
{
    Satisfied,
    /// <summary>wfctl is older than the plugin's <c>minEngineVersion</c>.</summary>
    TooOld,
    /// <summary>One side is not strict semver (<c>dev</c>, a pseudo-version, a pre-release): proceed with a warning.</summary>
    NotComparable,
}

/// <summary>
/// wfctl's own rule (fact sheet 4; W cmd/wfctl/plugin_compat_resolver.go:42-150): both sides as
/// strict <c>vMAJOR.MINOR.PATCH</c>, compared by number; anything else is not comparable.
/// </summary>
public static partial class EngineVersion
{
    public static EngineCompatibility Check(string? wfctlVersion, string? minEngineVersion)
    {
        if (string.IsNullOrWhiteSpace(minEngineVersion))
        {
            return EngineCompatibility.Satisfied;
        }

        if (Parse(wfctlVersion) is not { } engine || Parse(minEngineVersion) is not { } minimum)
        {
            return EngineCompatibility.NotComparable;
        }

        return engine.CompareTo(minimum) < 0 ? EngineCompatibility.TooOld : EngineCompatibility.Satisfied;
    }

    private static Version? Parse(string? text)
    {
        var match = text is null ? null : Strict().Match(text.Trim());
        return match is { Success: true }
            ? new Version(Number(match.Groups[1].Value), Number(match.Groups[2].Value), Number(match.Groups[3].Value))
            : null;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^v?([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})\z")]
    private static partial Regex Strict();
}
