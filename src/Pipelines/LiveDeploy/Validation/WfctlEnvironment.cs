using System.Collections.Immutable;
using Pipelines.LiveDeploy.CloudLogin;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// wfctl's complete environment: a few harmless variables of the caller's, the cloud session's
/// credentials, and nothing else. GitHub tokens and the Actions OIDC request token are removed
/// last, so no configuration (a token-env named GITHUB_TOKEN, say) can hand them to wfctl.
/// </summary>
public static class WfctlEnvironment
{
    /// <summary>Caller variables wfctl keeps: where programs are, where its cache lives, temp and locale.</summary>
    public static IReadOnlyList<string> Inherited { get; } = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "SSL_CERT_FILE", "SSL_CERT_DIR"];

    /// <summary>Variables that never reach wfctl, beside the configured token variables.</summary>
    public static IReadOnlyList<string> AlwaysRemoved { get; } =
    [
        "GITHUB_TOKEN", "GH_TOKEN",
        GitHubActionsOidc.RequestTokenVariable, GitHubActionsOidc.RequestUrlVariable, "ACTIONS_RUNTIME_TOKEN",
    ];

    public static ImmutableDictionary<string, string> Build(
        IReadOnlyDictionary<string, string> caller,
        IReadOnlyDictionary<string, string> credentials,
        IEnumerable<string> tokenVariables)
    {
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (caller.TryGetValue(name, out var value))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in credentials)
        {
            environment[name] = value;
        }

        foreach (var name in AlwaysRemoved.Concat(tokenVariables))
        {
            environment.Remove(name);
        }

        return environment.ToImmutable();
    }

    /// <summary>
    /// Adds what every wfctl call needs: no update check or notice (<c>WFCTL_NO_UPDATE_CHECK=1</c>,
    /// <c>CI=true</c>; W cmd/wfctl/update.go:21-25) and, for infra commands, the run's plugin
    /// directory as <c>WFCTL_PLUGIN_DIR</c> (fact sheet 1.1).
    /// </summary>
    public static ImmutableDictionary<string, string> ForInfra(ImmutableDictionary<string, string> environment, string? pluginDir)
    {
        var result = environment.SetItem("WFCTL_NO_UPDATE_CHECK", "1").SetItem("CI", "true");
        return pluginDir is null ? result.Remove(WfctlCommands.PluginDirVariable) : result.SetItem(WfctlCommands.PluginDirVariable, pluginDir);
    }
}
