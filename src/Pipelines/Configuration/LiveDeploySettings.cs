namespace Pipelines.Configuration;

public enum ValidationDepth
{
    /// <summary><c>wfctl infra plan</c>: the provider diffs against the cloud, nothing is created.</summary>
    Plan,
    /// <summary>Apply, check status, then always destroy and clean up.</summary>
    Apply,
}

public sealed record LiveDeploySettings(
    HostKind Host,
    IReadOnlyList<string> Plugins,
    string CloneUrl,
    string Ref,
    string Example,
    string Env,
    ValidationDepth Depth,
    string Wfctl,
    TimeSpan Timeout,
    TimeSpan TeardownTimeout,
    int Parallel,
    IReadOnlyDictionary<string, CloudAuthSettings> Auth,
    RegistrySettings Registry,
    string TrackerRepo,
    int DemoteAfter)
{
    /// <summary>Expands <c>{plugin}</c> in templated settings (clone-url, manifest, tracker-repo).</summary>
    public static string ForPlugin(string template, string plugin) =>
        template.Replace("{plugin}", plugin, StringComparison.Ordinal);

    /// <summary>
    /// The credentials a plugin's wfctl gets: its own auth entry, or the entry its <c>as:</c> chain
    /// ends at (so tofu with <c>as: aws</c> gets the aws entry, whose <see cref="CloudAuthSettings.Provider"/>
    /// says which login to perform). Null when the plugin has no entry: outside Actions the
    /// caller's own environment is used. The loader guarantees chains end.
    /// </summary>
    public CloudAuthSettings? AuthFor(string plugin)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = plugin;
        while (Auth.TryGetValue(current, out var auth))
        {
            if (auth.As is null)
            {
                return auth;
            }

            if (!visited.Add(current))
            {
                throw new InvalidOperationException($"auth for {plugin} goes round in a cycle");
            }

            current = auth.As;
        }

        return null;
    }
}

/// <summary>
/// Credentials for one provider. Exactly one of the shapes applies, by provider:
/// aws (RoleArn, Region), gcp (WorkloadIdentityProvider, ServiceAccount, Project),
/// azure (TenantId, ClientId, SubscriptionId), digitalocean (TokenEnv), or As (reuse another's).
/// </summary>
public sealed record CloudAuthSettings(
    string Provider,
    string? RoleArn = null,
    string? Region = null,
    string? WorkloadIdentityProvider = null,
    string? ServiceAccount = null,
    string? Project = null,
    string? TenantId = null,
    string? ClientId = null,
    string? SubscriptionId = null,
    string? TokenEnv = null,
    string? As = null);

/// <param name="Repo"><c>owner/name</c> on GitHub, or a path to a local git repository.</param>
public sealed record RegistrySettings(string Repo, string Manifest, string Base);
