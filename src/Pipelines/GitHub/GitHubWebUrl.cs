namespace Pipelines.GitHub;

/// <summary>The web address that goes with an API address, for links in reports.</summary>
public static class GitHubWebUrl
{
    /// <summary>
    /// api.github.com → https://github.com; GitHub Enterprise Server's https://host/api/v3 →
    /// https://host; anything else (an emulator, a proxy) is taken to serve both.
    /// </summary>
    public static Uri FromApiUrl(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        if (string.Equals(apiUrl.Host, "api.github.com", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri("https://github.com/");
        }

        var path = apiUrl.AbsolutePath.TrimEnd('/');
        const string enterpriseSuffix = "/api/v3";
        if (path.EndsWith(enterpriseSuffix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^enterpriseSuffix.Length];
        }

        return new UriBuilder(apiUrl.Scheme, apiUrl.Host, apiUrl.Port, path + "/").Uri;
    }
}
