using System.Globalization;
using Pipelines.GitHub;

namespace Pipelines.Configuration;

/// <summary>Turns a <see cref="ConfigValue"/> into the type a setting needs, or a one-line error.</summary>
internal static class ValueConversions
{
    public static TimeSpan AsDuration(this ConfigValue value) =>
        DurationParser.TryParse(value.Text.Trim(), out var duration) is { } problem
            ? throw value.Error($"{value.Display} {problem}")
            : duration;

    public static int AsInteger(this ConfigValue value, int minimum, int maximum)
    {
        if (!int.TryParse(value.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw value.Error($"{value.Display} is not a whole number");
        }

        return number < minimum || number > maximum
            ? throw value.Error($"must be between {minimum} and {maximum}, found {value.Display}")
            : number;
    }

    /// <summary>One of a fixed set of words, compared exactly.</summary>
    public static T AsChoice<T>(this ConfigValue value, params (string Word, T Result)[] choices)
    {
        foreach (var (word, result) in choices)
        {
            if (string.Equals(value.Text, word, StringComparison.Ordinal))
            {
                return result;
            }
        }

        throw value.Error($"{value.Display} is not one of: {string.Join(", ", choices.Select(c => c.Word))}");
    }

    /// <summary>
    /// An absolute http(s) URL. Credentials in the URL are refused: the URL is printed in logs and
    /// reports, so a password in it would leak.
    /// </summary>
    public static Uri AsHttpUrl(this ConfigValue value) => HttpUrl(value.Text, value);

    public static Uri HttpUrl(string text, ConfigValue origin)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host)
            || text.Any(char.IsWhiteSpace))
        {
            throw origin.Error($"{origin.Display} is not an absolute http(s) URL");
        }

        return uri.UserInfo.Length > 0
            ? throw origin.Error("must not contain credentials (user:password@); name tokens with a *-env key instead")
            : uri;
    }

    public static string AsEnvironmentVariableName(this ConfigValue value) =>
        NameRules.IsEnvironmentVariableName(value.Text)
            ? value.Text
            : throw value.Error($"{value.Display} is not an environment variable name (letters, digits and _, not starting with a digit)");

    /// <summary>A GitHub login: a user (letters, digits, single hyphens, up to 39) or an app's bot (<c>name[bot]</c>).</summary>
    public static string AsGitHubLogin(this ConfigValue value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value.Text, @"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$")
            ? value.Text
            : throw value.Error($"{value.Display} is not a GitHub login (e.g. octocat, or my-app[bot] for a GitHub App)");

    public static string AsBranchName(this ConfigValue value) =>
        NameRules.BranchNameProblem(value.Text) is { } problem
            ? throw value.Error($"{value.Display} is not a valid branch name: it {problem}")
            : value.Text;

    public static RepositoryId AsRepositoryId(this ConfigValue value) =>
        RepositoryId.TryParse(value.Text, out var id)
            ? id
            : throw value.Error($"{value.Display} is not a GitHub repository of the form owner/name");

    /// <summary>
    /// A path on this machine, made absolute against the configuration file's directory so that
    /// the rest of the program never depends on the working directory.
    /// </summary>
    public static string AsLocalPath(this ConfigValue value, ReadContext context)
    {
        var text = value.Text;
        if (text.StartsWith('~'))
        {
            throw value.Error("'~' is not expanded; write ${HOME}/... or a path relative to the configuration file");
        }

        try
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(text, context.ConfigDirectory));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigurationException($"{value.Display} is not a usable path", value.Key, value.Line, exception);
        }
    }

    /// <summary>
    /// A path inside a repository (an example file, a manifest): relative, without <c>.</c> or
    /// <c>..</c> parts, and not starting with <c>-</c> so a command never reads it as an option.
    /// </summary>
    public static string AsPathInRepository(this ConfigValue value)
    {
        var problem = PathInRepositoryProblem(value.Text);
        return problem is null ? value.Text : throw value.Error($"{value.Display} {problem}");
    }

    public static string? PathInRepositoryProblem(string text)
    {
        if (text.StartsWith('/') || text.Contains('\\', StringComparison.Ordinal))
        {
            return "must be a relative path with / separators";
        }

        if (text.StartsWith('-'))
        {
            return "must not start with '-'";
        }

        return text.Split('/').Any(part => part is "" or "." or "..")
            ? "must not contain empty, '.' or '..' parts"
            : null;
    }
}
