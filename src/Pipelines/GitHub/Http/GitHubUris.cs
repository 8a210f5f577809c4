using System.Globalization;
using System.Text;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Builds request URIs by appending to the API root, which may carry a path prefix
/// (GitHub Enterprise Server's <c>/api/v3</c>). Every value is escaped per path segment, so a
/// slash in a branch or file path stays a separator and nothing else does.
/// </summary>
internal sealed class GitHubUris
{
    private readonly string _root;

    public GitHubUris(Uri apiUrl)
    {
        _root = apiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public static string Repo(RepositoryId repo) => $"repos/{Escape(repo.Owner)}/{Escape(repo.Name)}";

    /// <summary>Escapes each segment of a slash-separated value, keeping the slashes.</summary>
    public static string EscapeSegments(string value) => string.Join('/', value.Split('/').Select(Escape));

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    public Uri Build(string relativePath, params (string Name, string Value)[] query)
    {
        var text = new StringBuilder(_root).Append('/').Append(relativePath);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(text.ToString(), UriKind.Absolute);
    }

    public static (string Name, string Value) Query(string name, int value) => (name, value.ToString(CultureInfo.InvariantCulture));
}
