namespace Pipelines.Configuration;

/// <summary>A validated <c>pipelines.yaml</c>. Every value here has passed the loader's checks.</summary>
public sealed record PipelinesConfig(
    GitHubSettings GitHub,
    PromoteSettings? Promote,
    LiveDeploySettings? LiveDeploy,
    string SourcePath);

/// <param name="Identity">
/// The login the read token acts as (<c>github.identity</c>), e.g. <c>my-app[bot]</c> for a GitHub
/// App installation token, which cannot ask <c>GET /user</c>. Null: asked when needed.
/// </param>
public sealed record GitHubSettings(Uri ApiUrl, string TokenEnv, string? Identity = null)
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");
    public const string DefaultTokenEnv = "GITHUB_TOKEN";
}
