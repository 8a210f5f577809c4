using System.Net;

namespace Pipelines.GitHub;

/// <summary>
/// A GitHub call that failed for good (after any retries). The message holds the operation,
/// the HTTP status and GitHub's own message; never a token or a request header.
/// </summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(string operation, HttpStatusCode? status, string apiMessage, Exception? inner = null)
        : base(Format(operation, status, apiMessage), inner)
    {
        Operation = operation;
        Status = status;
        ApiMessage = apiMessage;
    }

    public string Operation { get; }

    /// <summary>Null when no HTTP answer arrived (network error, timeout, reset).</summary>
    public HttpStatusCode? Status { get; }

    public string ApiMessage { get; }

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    private static string Format(string operation, HttpStatusCode? status, string apiMessage) =>
        status is { } s
            ? $"GitHub {operation} failed: HTTP {(int)s} {apiMessage}".TrimEnd()
            : $"GitHub {operation} failed: {apiMessage}".TrimEnd();
}
