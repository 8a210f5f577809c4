using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.GitHub;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>Opens the registry host the configuration names.</summary>
public static class RegistryHosts
{
    /// <param name="github">Required with host github (a client bound to a token that can write the registry and trackers).</param>
    /// <param name="identity">The login that token acts as (<c>github.identity</c>); null: learned with <c>GET /user</c> when needed. The local host has no authors and ignores it.</param>
    public static IRegistryHost Create(
        LiveDeploySettings settings,
        IGitHubClient? github,
        IProcessRunner processes,
        IReadOnlyDictionary<string, string> callerEnvironment,
        TimeProvider time,
        string? identity = null) =>
        settings.Host switch
        {
            HostKind.Local => new LocalRegistryHost(processes, callerEnvironment, settings.Registry, settings.TrackerRepo, time),
            _ => new GitHubRegistryHost(github ?? throw new ArgumentNullException(nameof(github), "host github needs a GitHub client"), settings.Registry, settings.TrackerRepo, identity),
        };
}
