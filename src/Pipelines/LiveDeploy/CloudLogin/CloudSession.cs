using System.Collections.Immutable;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// The credentials one plugin's wfctl runs with: environment variables to add to its process
/// and the temporary files they point at. Disposing deletes the files; nothing else holds them.
/// </summary>
public sealed class CloudSession : IAsyncDisposable
{
    private readonly IDisposable? _files;

    internal CloudSession(string description, ImmutableDictionary<string, string> environment, IReadOnlyList<Secret> secrets, IDisposable? files)
    {
        Description = description;
        Environment = environment;
        Secrets = secrets;
        _files = files;
    }

    public static CloudSession None { get; } = new("no cloud credentials", ImmutableDictionary<string, string>.Empty, [], null);

    /// <summary>How the credentials were obtained, for the report (never a value).</summary>
    public string Description { get; }

    /// <summary>Variables for wfctl's process only.</summary>
    public ImmutableDictionary<string, string> Environment { get; }

    /// <summary>Every credential value, so output that echoes one is redacted.</summary>
    public IReadOnlyList<Secret> Secrets { get; }

    public ValueTask DisposeAsync()
    {
        _files?.Dispose();
        return ValueTask.CompletedTask;
    }
}
