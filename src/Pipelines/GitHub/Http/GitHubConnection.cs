using System.Net;
using Octokit;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Raw GitHub calls through Octokit's <see cref="IConnection"/>, and so through the
/// <see cref="GitHubHandler"/> stack under it: any method, any API path, the answer returned
/// whatever its status (Octokit's exceptions for 4xx/5xx are turned back into a reply) so the
/// caller decides what a 404 means. New calls (another REST path, <c>POST graphql</c>) need
/// nothing more than a path and a body record.
/// </summary>
internal sealed class GitHubConnection
{
    private const string AcceptJson = "application/vnd.github+json";

    private readonly IConnection _connection;
    private readonly GitHubCallScope _scope;

    public GitHubConnection(IConnection connection, GitHubCallScope scope)
    {
        _connection = connection;
        _scope = scope;
    }

    public async Task<GitHubReply> SendAsync(HttpMethod method, Uri uri, object? body, string operation, CancellationToken cancellationToken)
    {
        using var call = _scope.Begin(operation, cancellationToken);
        try
        {
            return method.Method switch
            {
                "GET" => GitHubReply.From((await _connection.Get<RawBody>(uri, null, AcceptJson, cancellationToken).ConfigureAwait(false)).HttpResponse),
                "POST" => GitHubReply.From((await _connection.Post<RawBody>(uri, body, AcceptJson, "application/json", cancellationToken: cancellationToken).ConfigureAwait(false)).HttpResponse),
                "PATCH" => GitHubReply.From((await _connection.Patch<RawBody>(uri, body, AcceptJson).ConfigureAwait(false)).HttpResponse),
                "PUT" => GitHubReply.From((await _connection.Put<RawBody>(uri, body, null, AcceptJson).ConfigureAwait(false)).HttpResponse),
                "DELETE" => GitHubReply.Empty(await _connection.Delete(uri).ConfigureAwait(false)),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a method GitHub's REST API uses here"),
            };
        }
        catch (ApiException e) when (e.HttpResponse is { } response)
        {
            return GitHubReply.From(response);
        }
    }
}

/// <summary>One answer: status, the body as text (already capped by the handler) and the headers Pipelines reads.</summary>
internal sealed record GitHubReply(HttpStatusCode Status, string Body, string? Link, bool RateLimitExhausted)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    /// <summary>True when the Link header names a next page (GitHub's pagination).</summary>
    public bool HasNextPageLink => Link is not null && Link.Contains("rel=\"next\"", StringComparison.Ordinal);

    public static GitHubReply From(IResponse response) => new(
        response.StatusCode,
        response.Body as string ?? string.Empty,
        Header(response, "Link"),
        Header(response, "x-ratelimit-remaining") == "0");

    public static GitHubReply Empty(HttpStatusCode status) => new(status, string.Empty, null, false);

    private static string? Header(IResponse response, string name) =>
        response.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.Trim();
}
