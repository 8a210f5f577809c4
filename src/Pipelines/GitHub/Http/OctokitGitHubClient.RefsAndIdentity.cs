using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.GitHub.Http;

// The calls the promote gate added for compare-and-swap rollbacks and for knowing whose comments
// are its own: the repository's node id, GraphQL updateRefs, and GET /user. Kept apart so they can
// move onto another client stack as a unit; they go through the same transport (reads retried,
// writes sent once, caps, redacted error messages) as every REST call.
internal sealed partial class OctokitGitHubClient
{
    /// <summary>The only GraphQL document the product sends (validated against GitHub's schema by the contract tests).</summary>
    internal const string UpdateRefsMutation =
        "mutation UpdateRefs($repositoryId: ID!, $refUpdates: [RefUpdate!]!) { updateRefs(input: {repositoryId: $repositoryId, refUpdates: $refUpdates}) { clientMutationId } }";

    /// <summary>GraphQL's "no object": as <c>beforeOid</c> the ref must not exist, as <c>afterOid</c> it is deleted.</summary>
    internal const string ZeroOid = "0000000000000000000000000000000000000000";

    public async Task<string> GetRepositoryNodeIdAsync(RepositoryId repo, CancellationToken cancellationToken = default)
    {
        var operation = $"get repository {repo}";
        var response = EnsureSuccess(await GetAsync(_uris.Build(GitHubUris.Repo(repo)), operation, cancellationToken).ConfigureAwait(false), operation);
        var nodeId = Parse(response, Json.RepositoryDto, operation).NodeId;
        if (string.IsNullOrWhiteSpace(nodeId) || nodeId.Length > 200 || nodeId.Any(char.IsControl))
        {
            throw new GitHubApiException(operation, response.Status, "unexpected response shape: node_id");
        }

        return nodeId;
    }

    public async Task UpdateRefsAsync(RepositoryId repo, string repositoryNodeId, IReadOnlyList<RefUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryNodeId);
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            throw new ArgumentException("updateRefs needs at least one ref update", nameof(updates));
        }

        var refs = updates.Select(u => new RefUpdateVariable(
            $"refs/heads/{GitHubInput.Branch(u.Branch)}",
            u.AfterSha is null ? ZeroOid : GitHubInput.Sha(u.AfterSha, nameof(updates)),
            u.BeforeSha is null ? ZeroOid : GitHubInput.Sha(u.BeforeSha, nameof(updates)),
            u.Force)).ToList();
        var operation = $"update refs {repo}:{string.Join(',', updates.Select(u => u.Branch))}";
        var request = new GraphQLRequest(UpdateRefsMutation, new UpdateRefsVariables(repositoryNodeId, refs));
        var response = await SendWriteAsync(HttpMethod.Post, GraphQLUri(), request, operation, cancellationToken).ConfigureAwait(false);

        // GraphQL answers 200 even when it refused: the errors array says so, and the mutation is
        // atomic, so a refusal means no ref moved.
        var answer = Parse(response, GitHubGraphQLJsonContext.Default.GraphQLResponse, operation);
        if (answer.Errors is { Count: > 0 } errors)
        {
            var message = string.Join("; ", errors.Select(e => e.Message ?? e.Type ?? "error"));
            throw new GitHubApiException(operation, response.Status, "GraphQL: " + _redactor.Redact(Printable(message, 300)));
        }

        if (answer.Data is not { ValueKind: JsonValueKind.Object } data || !data.TryGetProperty("updateRefs", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw new GitHubApiException(operation, response.Status, "unexpected response shape: no data.updateRefs");
        }
    }

    public async Task<string> GetAuthenticatedLoginAsync(CancellationToken cancellationToken = default)
    {
        const string operation = "get the token's user";
        var response = EnsureSuccess(await GetAsync(_uris.Build("user"), operation, cancellationToken).ConfigureAwait(false), operation);
        var login = Parse(response, Json.UserDto, operation).Login;
        if (string.IsNullOrWhiteSpace(login) || login.Length > 100 || login.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new GitHubApiException(operation, response.Status, "unexpected response shape: login");
        }

        return login;
    }

    /// <summary>
    /// GitHub serves GraphQL beside REST: <c>https://api.github.com/graphql</c>, and on GitHub
    /// Enterprise Server <c>https://HOST/api/graphql</c> for the REST root <c>https://HOST/api/v3</c>.
    /// </summary>
    private Uri GraphQLUri()
    {
        var root = _options.ApiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root.EndsWith("/v3", StringComparison.Ordinal) ? root[..^3] + "/graphql" : root + "/graphql", UriKind.Absolute);
    }
}

internal sealed record GraphQLRequest(string Query, UpdateRefsVariables Variables);

internal sealed record UpdateRefsVariables(string RepositoryId, IReadOnlyList<RefUpdateVariable> RefUpdates);

internal sealed record RefUpdateVariable(string Name, string AfterOid, string BeforeOid, bool Force);

internal sealed record GraphQLResponse(JsonElement? Data = null, IReadOnlyList<GraphQLError>? Errors = null);

internal sealed record GraphQLError(string? Message = null, string? Type = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(GraphQLRequest))]
[JsonSerializable(typeof(GraphQLResponse))]
internal sealed partial class GitHubGraphQLJsonContext : JsonSerializerContext;
