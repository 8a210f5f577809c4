using Pipelines.Configuration;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>Chooses the login for a plugin: OIDC under GitHub Actions, the caller's variables elsewhere.</summary>
public interface ICloudLoginSelector
{
    /// <param name="auth">The plugin's auth entry after following <c>as:</c>; null when it has none.</param>
    ICloudLogin Select(string plugin, CloudAuthSettings? auth, bool oidcAvailable);
}

public sealed class CloudLogins(CloudLoginOptions options) : ICloudLoginSelector
{
    public ICloudLogin Select(string plugin, CloudAuthSettings? auth, bool oidcAvailable)
    {
        var provider = auth?.Provider ?? plugin;
        return provider switch
        {
            "digitalocean" => new DigitalOceanTokenLogin(),
            _ when !oidcAvailable || auth is null => new CallerEnvironmentLogin(provider),
            "aws" => new AwsWebIdentityLogin(options),
            "gcp" => new GcpWorkloadIdentityLogin(options),
            "azure" => new AzureWorkloadIdentityLogin(options),
            _ => new CallerEnvironmentLogin(provider),
        };
    }

    /// <summary>
    /// The auth entry that applies to <paramref name="plugin"/>: its own, or the one its
    /// <c>as:</c> chain ends at (tofu with <c>as: aws</c> logs in as aws).
    /// </summary>
    public static CloudAuthSettings? ResolveAuth(IReadOnlyDictionary<string, CloudAuthSettings> auth, string plugin)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = plugin;
        while (auth.TryGetValue(current, out var entry))
        {
            if (entry.As is null)
            {
                return entry;
            }

            if (!seen.Add(current))
            {
                throw new CloudLoginException($"auth for {plugin}: 'as:' goes round in a cycle");
            }

            current = entry.As;
        }

        return null;
    }
}
