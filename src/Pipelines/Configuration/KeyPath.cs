using System.Globalization;

namespace Pipelines.Configuration;

/// <summary>Builds the key paths errors name, e.g. <c>promote.repos[1].health</c>.</summary>
internal static class KeyPath
{
    public static string Child(string parent, string key)
    {
        var clean = DisplayText.Clean(key);
        return parent.Length == 0 ? clean : $"{parent}.{clean}";
    }

    public static string Item(string parent, int index) =>
        $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Keeps both ends of a very long path (deep nesting), so the message stays readable.</summary>
    public static string Shorten(string path) =>
        path.Length <= 160 ? path : $"{path[..60]}…{path[^60..]}";
}
