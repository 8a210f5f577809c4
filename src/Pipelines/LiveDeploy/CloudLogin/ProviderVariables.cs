namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// The caller's variables each provider's SDK reads, passed to wfctl as they are when no OIDC is
/// available (a laptop, a self-hosted runner with its own credentials). Nothing else of the
/// caller's environment reaches wfctl.
/// </summary>
public static class ProviderVariables
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByProvider { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["aws"] =
            [
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
                "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
            ],
            ["gcp"] =
            [
                "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "CLOUDSDK_CONFIG",
            ],
            ["azure"] =
            [
                "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_CLIENT_SECRET",
                "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "AZURE_CONFIG_DIR",
            ],
            ["digitalocean"] = ["DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"],
        };

    /// <summary>Variables whose values are credentials (redacted from output); the rest are settings.</summary>
    public static IReadOnlySet<string> SecretNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET",
        "DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN",
    };

    public static IReadOnlyList<string> For(string provider) => ByProvider.GetValueOrDefault(provider) ?? [];
}
