using Pipelines.Security;

namespace Pipelines.LiveDeploy.Fetch;

/// <summary>A plugin repository checked out at one commit.</summary>
public sealed record PluginCheckout(string Directory, string Commit);

/// <summary>Fetches a plugin repository (a shallow clone of one ref).</summary>
public interface IPluginCheckout
{
    /// <param name="token">A GitHub token for an https clone URL; it reaches git only through its environment.</param>
    /// <exception cref="PluginFetchException">The clone or the commit lookup failed.</exception>
    Task<PluginCheckout> FetchAsync(string cloneUrl, string gitRef, string directory, Secret? token, CancellationToken cancellationToken);
}

public sealed class PluginFetchException(string message, IReadOnlyList<string> outputTail) : Exception(message)
{
    public IReadOnlyList<string> OutputTail { get; } = outputTail;
}
