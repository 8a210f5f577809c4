using System.Text.Json;
using Octokit.Internal;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Octokit's serializer seam. Request bodies are the client's records, written by the
/// source-generated <see cref="GitHubJsonContext"/> (snake_case, nulls left out). Responses are
/// not deserialised here: Octokit's reader fills missing fields with defaults, while the client
/// must refuse a wrong shape, so it parses the raw body itself (<see cref="RawBody"/>).
/// </summary>
internal sealed class StrictJsonSerializer : IJsonSerializer
{
    public string Serialize(object item) =>
        JsonSerializer.Serialize(item, GitHubJsonContext.Default.GetTypeInfo(item.GetType())
            ?? throw new NotSupportedException($"{item.GetType().Name} is not a GitHub request shape"));

    public T Deserialize<T>(string json) => default!;
}

/// <summary>The type the client asks Octokit for: nothing is parsed until the client parses the raw body.</summary>
internal sealed record RawBody;
