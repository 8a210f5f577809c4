namespace Pipelines.Configuration;

/// <summary>A validated <c>pipelines.yaml</c>. Every value here has passed the loader's checks.</summary>
public sealed record PipelinesConfig(
    GitHubSettings GitHub,
    PromoteSettings? Promote,
    LiveDeploySettings? LiveDeploy,
    string SourcePath);

public sealed record GitHubSettings(Uri ApiUrl, string TokenEnv)
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");
    public const string DefaultTokenEnv = "GITHUB_TOKEN";
}
