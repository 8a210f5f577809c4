using System.Text.RegularExpressions;

namespace Pipelines.Configuration;

/// <summary>The shapes names in the configuration must have, in one place.</summary>
internal static partial class NameRules
{
    public static bool IsEnvironmentVariableName(string text) => EnvironmentVariableName().IsMatch(text);

    /// <summary>
    /// A repo's <c>name</c> becomes the prefix of <c>$GITHUB_OUTPUT</c> keys (<c>&lt;name&gt;_sha</c>)
    /// and a report label, so it is kept to characters that are safe in both.
    /// </summary>
    public static bool IsRepoLabel(string text) => RepoLabel().IsMatch(text);

    /// <summary>Check names prefix output lines (<c>[name]</c>) and appear in reports.</summary>
    public static bool IsCheckName(string text) => CheckName().IsMatch(text);

    /// <summary>Plugin and provider names are substituted into URLs, paths and branch names.</summary>
    public static bool IsPluginName(string text) => PluginName().IsMatch(text);

    /// <summary>
    /// Why <paramref name="name"/> is not a usable branch name (git check-ref-format's rules,
    /// plus no leading <c>-</c> so it can never be read as an option), or null when it is.
    /// </summary>
    public static string? BranchNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (name.Length > 255)
        {
            return "is longer than 255 characters";
        }

        if (name.StartsWith('-'))
        {
            return "must not start with '-'";
        }

        if (name.StartsWith("refs/", StringComparison.Ordinal))
        {
            return "must be a branch name such as 'main', not a full ref";
        }

        if (name is "HEAD" or "@")
        {
            return $"'{name}' is not a branch name";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal))
        {
            return "must not contain '..', '@{' or '//'";
        }

        if (name.StartsWith('/') || name.EndsWith('/') || name.EndsWith('.'))
        {
            return "must not start with '/' or end with '/' or '.'";
        }

        foreach (var c in name)
        {
            if (c <= ' ' || c == '\u007f' || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return "must not contain spaces, control characters or any of ~ ^ : ? * [ \\";
            }
        }

        foreach (var component in name.Split('/'))
        {
            if (component.StartsWith('.') || component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return "no part between slashes may start with '.' or end with '.lock'";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex EnvironmentVariableName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex RepoLabel();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\z")]
    private static partial Regex CheckName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}\\z")]
    private static partial Regex PluginName();
}
