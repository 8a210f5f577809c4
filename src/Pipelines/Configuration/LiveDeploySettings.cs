namespace Pipelines.Configuration;

public enum ValidationDepth
{
    /// <summary><c>wfctl infra plan</c>: the provider diffs against the cloud, nothing is created.</summary>
    Plan,
    /// <summary>Apply, check status, then always destroy and clean up.</summary>
    Apply,
}

/// <summary>How the plugin under test reaches wfctl's plugin directory.</summary>
public enum PluginInstallMode
{
    /// <summary>Download the release the registry lists, verify it and install it into a private directory of the run.</summary>
    Release,
    /// <summary>The operator installed the plugins into <see cref="LiveDeploySettings.PluginDir"/>.</summary>
    None,
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
    public const string VersionPlaceholder = "{version}";
    public const string RunPlaceholder = "{run}";

    /// <summary><c>install:</c>; <see cref="PluginInstallMode.None"/> needs <see cref="PluginDir"/>.</summary>
    public PluginInstallMode Install { get; init; } = PluginInstallMode.Release;

    /// <summary><c>plugin-dir:</c>, absolute: where the operator installed plugins (with <c>install: none</c>).</summary>
    public string? PluginDir { get; init; }

    /// <summary><c>owner:</c> with <c>{run}</c>; null keeps wfctl's ownership gate off.</summary>
    public string? Owner { get; init; }

    /// <summary>The git ref of a plugin at the version the registry lists (<c>{version}</c> expands).</summary>
    public string RefFor(string version) => Ref.Replace(VersionPlaceholder, version, StringComparison.Ordinal);

    public string? OwnerFor(string runId) => Owner?.Replace(RunPlaceholder, runId, StringComparison.Ordinal);

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
