using System.Buffers;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Validates values that end up in request paths and bodies, at the edge, so that a hostile
/// branch name or file path cannot address another resource (dot segments, query characters).
/// </summary>
internal static class GitHubInput
{
    // git check-ref-format forbids these anywhere in a ref name.
    private static readonly SearchValues<char> ForbiddenInRef = SearchValues.Create(" ~^:?*[\\");

    public static string Branch(string branch, string parameterName = "branch")
    {
        if (!IsValidRefName(branch))
        {
            throw new ArgumentException($"'{Printable(branch)}' is not a valid branch name", parameterName);
        }

        return branch;
    }

    /// <summary>A branch name or a commit SHA (compare accepts both).</summary>
    public static string RefOrSha(string value, string parameterName) => Branch(value, parameterName);

    public static string Sha(string sha, string parameterName = "sha")
    {
        if (sha is null || (sha.Length != 40 && sha.Length != 64) || !sha.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{Printable(sha)}' is not a full commit SHA (40 or 64 hex digits)", parameterName);
        }

        return sha;
    }

    public static string FilePath(string path)
    {
        var valid = !string.IsNullOrEmpty(path)
            && path.Length <= 4096
            && !path.Any(char.IsControl)
            && path.Split('/').All(segment => segment.Length > 0 && segment is not "." and not "..");
        if (!valid)
        {
            throw new ArgumentException($"'{Printable(path)}' is not a valid repository file path", nameof(path));
        }

        return path;
    }

    public static string Label(string label)
    {
        // The issues filter splits on commas, so a label holding one would silently match others.
        if (string.IsNullOrWhiteSpace(label) || label.Length > 100 || label.Any(char.IsControl) || label.Contains(','))
        {
            throw new ArgumentException($"'{Printable(label)}' is not a usable issue label", nameof(label));
        }

        return label;
    }

    public static int IssueNumber(int number) =>
        number > 0 ? number : throw new ArgumentOutOfRangeException(nameof(number), number, "issue numbers start at 1");

    public static string Text(string value, string parameterName) =>
        value ?? throw new ArgumentNullException(parameterName);

    private static bool IsValidRefName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name == "@")
        {
            return false;
        }

        if (name.Any(c => char.IsControl(c)) || name.AsSpan().ContainsAny(ForbiddenInRef))
        {
            return false;
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal)
            || name.StartsWith('-') || name.EndsWith('.'))
        {
            return false;
        }

        foreach (var component in name.Split('/'))
        {
            if (component.Length == 0 || component.StartsWith('.') || component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For error messages: control characters would let a value forge log lines.</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
