using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipelines.GitHub;

/// <summary>A GitHub repository named <c>owner/name</c>, validated at the edge.</summary>
public sealed partial record RepositoryId(string Owner, string Name)
{
    // GitHub's own rules: owners are alphanumeric with single hyphens, at most 39 characters;
    // repository names are [A-Za-z0-9._-], at most 100, and never "." or "..".
    [GeneratedRegex("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/(?<name>[A-Za-z0-9._-]{1,100})\\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, [NotNullWhen(true)] out RepositoryId? id)
    {
        id = null;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success || match.Groups["name"].Value is "." or "..")
        {
            return false;
        }

        id = new RepositoryId(match.Groups["owner"].Value, match.Groups["name"].Value);
        return true;
    }

    public static RepositoryId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a GitHub repository of the form owner/name");

    public override string ToString() => $"{Owner}/{Name}";
}
