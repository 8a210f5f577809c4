using System.Text;
using System.Text.RegularExpressions;

namespace Pipelines.Testing.GitHub;

/// <summary>A glob over request paths: <c>*</c> within a segment, <c>**</c> across segments.</summary>
internal sealed class PathPattern
{
    private readonly Regex _regex;

    public PathPattern(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*')
            {
                var doubleStar = i + 1 < pattern.Length && pattern[i + 1] == '*';
                regex.Append(doubleStar ? ".*" : "[^/]*");
                i += doubleStar ? 1 : 0;
            }
            else
            {
                regex.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public bool IsMatch(string path) => _regex.IsMatch(path);
}
