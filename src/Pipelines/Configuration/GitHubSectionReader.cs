namespace Pipelines.Configuration;

/// <summary>Reads <c>github:</c>. Every key has a default, so the section itself is optional.</summary>
internal static class GitHubSectionReader
{
    public const string ApiUrlVariable = "GITHUB_API_URL";

    private static readonly string[] Keys = ["api-url", "token-env", "identity"];

    public static GitHubSettings Read(MappingReader? section, ReadContext context)
    {
        var apiUrl = section?.Text("api-url") is { } configured
            ? configured.AsHttpUrl()
            : FromEnvironment(context) ?? GitHubSettings.DefaultApiUrl;
        var tokenEnv = section?.Text("token-env")?.AsEnvironmentVariableName() ?? GitHubSettings.DefaultTokenEnv;
        var identity = section?.Text("identity") is { } login ? login.AsGitHubLogin() : null;
        return new GitHubSettings(WithTrailingSlash(apiUrl), tokenEnv, identity);
    }

    public static MappingReader? Section(MappingReader root) => root.Mapping("github", Keys);

    private static Uri? FromEnvironment(ReadContext context)
    {
        if (!context.Environment.TryGetValue(ApiUrlVariable, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Reported against the key it stands in for; the variable's value is not shown.
        var origin = new ConfigValue(text, $"${{{ApiUrlVariable}}}", Expanded: true, "github.api-url", Line: null);
        return ValueConversions.HttpUrl(text, origin);
    }

    /// <summary>
    /// A base URL without a trailing slash loses its last segment when relative paths are
    /// resolved against it (<c>https://ghe/api/v3</c> + <c>repos</c> = <c>https://ghe/api/repos</c>),
    /// so every API URL ends with one, as the default does.
    /// </summary>
    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
}
