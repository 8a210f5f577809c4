using System.Text;

namespace Pipelines.Git;

/// <summary>
/// Validation of the names and object ids that reach a git command line. Everything passed to
/// git is checked here first, so no value can start with '-' and be read as an option.
/// </summary>
public static class GitNames
{
    private const int MaxBranchLength = 255;

    /// <summary>
    /// A branch (or tag) name as <c>git check-ref-format --branch</c> accepts it, minus the
    /// forms that would be read as an option or a revision expression.
    /// </summary>
    public static bool IsValidBranch(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxBranchLength || name == "@"
            || name[0] is '-' or '/' || name[^1] is '/' or '.'
            || name.Contains("..", StringComparison.Ordinal)
            || name.Contains("//", StringComparison.Ordinal)
            || name.Contains("@{", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return false;
            }
        }

        foreach (var component in name.Split('/'))
        {
            if (component.StartsWith('.') || component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A full object id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits, not all zero.</summary>
    public static bool IsValidSha(string? sha) =>
        sha is { Length: 40 or 64 }
        && sha.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
        && sha.Any(c => c != '0');

    /// <summary>The id git reads as "no object" in a compare-and-swap, in the same hash format as <paramref name="sha"/>.</summary>
    public static string ZeroShaLike(string sha) => new('0', sha.Length);

    public static string ThrowIfInvalidBranch(string? name, string parameter) =>
        IsValidBranch(name) ? name! : throw new ArgumentException($"'{Printable(name)}' is not a valid branch name", parameter);

    public static string ThrowIfInvalidSha(string? sha, string parameter) =>
        IsValidSha(sha) ? sha! : throw new ArgumentException($"'{Printable(sha)}' is not a full commit SHA (40 or 64 lowercase hex digits)", parameter);

    // Rejected values are untrusted: shown short and without control characters.
    internal static string Printable(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, 80));
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return value.Length > 80 ? builder.Append('…').ToString() : builder.ToString();
    }
}
