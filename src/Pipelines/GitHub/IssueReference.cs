using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pipelines.GitHub;

/// <summary>An issue named <c>owner/name#N</c> with N &gt; 0.</summary>
public sealed record IssueReference(RepositoryId Repository, int Number)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IssueReference? reference)
    {
        reference = null;
        var hash = text?.LastIndexOf('#') ?? -1;
        if (hash <= 0
            || !RepositoryId.TryParse(text![..hash], out var repository)
            // int.TryParse ignores trailing NUL characters: only ASCII digits are a number here.
            || !text[(hash + 1)..].All(char.IsAsciiDigit)
            || !int.TryParse(text[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            return false;
        }

        reference = new IssueReference(repository, number);
        return true;
    }

    public override string ToString() => $"{Repository}#{Number}";
}
