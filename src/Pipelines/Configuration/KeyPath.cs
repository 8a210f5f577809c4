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
}
