using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pipelines.Security;

namespace Pipelines.GitHub.Http;

/// <summary>
/// <see cref="IGitHubClient"/> over GitHub's REST API v3, sent by Octokit (<see cref="GitHubConnection"/>).
/// Narrow on purpose: exactly the calls Pipelines makes. Paths are built and escaped here, not
/// by Octokit's typed clients: those format values into paths unescaped (a '#' in a branch
/// would end the path) and read refs through the prefix-matching <c>git/refs</c> endpoint.
/// Answers are parsed strictly (a wrong shape is an error, not a default). Every failure is a
/// <see cref="GitHubApiException"/> naming the operation.
/// </summary>
internal sealed partial class OctokitGitHubClient : IGitHubClient
{
    private const int PageSize = 100;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly GitHubConnection _connection;
    private readonly GitHubUris _uris;
    private readonly GitHubClientOptions _options;
    private readonly SecretRedactor _redactor;

    public OctokitGitHubClient(GitHubConnection connection, GitHubClientOptions options, Secret token)
    {
        _options = options;
        _uris = new GitHubUris(options.ApiUrl);
        _connection = connection;
        _redactor = new SecretRedactor([token]);
    }

    private static GitHubJsonContext Json => GitHubJsonContext.Default;

    // ---- branches and refs ----

    public async Task<string?> GetBranchHeadAsync(RepositoryId repo, string branch, CancellationToken cancellationToken = default)
    {
        GitHubInput.Branch(branch);
        var operation = $"get branch {repo}:{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/git/ref/heads/{GitHubUris.EscapeSegments(branch)}");
        var response = await GetAsync(uri, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        var gitRef = Parse(EnsureSuccess(response, operation), Json.GitRefDto, operation);
        if (!string.Equals(gitRef.Ref, $"refs/heads/{branch}", StringComparison.Ordinal))
        {
            // GitHub answers a prefix match with an array; anything else naming another ref is not our branch.
            throw new GitHubApiException(operation, response.Status, $"GitHub returned ref '{gitRef.Ref}' instead");
        }

        return gitRef.Object.Sha;
    }

    public async Task<Comparison> CompareAsync(RepositoryId repo, string baseRef, string headRef, CancellationToken cancellationToken = default)
    {
        GitHubInput.RefOrSha(baseRef, nameof(baseRef));
        GitHubInput.RefOrSha(headRef, nameof(headRef));
        var operation = $"compare {repo} {baseRef}...{headRef}";

        // per_page=1 keeps the commit list (which we do not read) out of the payload.
        var uri = _uris.Build(
            $"{GitHubUris.Repo(repo)}/compare/{GitHubUris.EscapeSegments(baseRef)}...{GitHubUris.EscapeSegments(headRef)}",
            GitHubUris.Query("per_page", 1));
        var response = EnsureSuccess(await GetAsync(uri, operation, cancellationToken).ConfigureAwait(false), operation);
        var compare = Parse(response, Json.CompareDto, operation);
        var relation = compare.Status switch
        {
            "identical" => CommitRelation.Identical,
            "ahead" => CommitRelation.Ahead,
            "behind" => CommitRelation.Behind,
            "diverged" => CommitRelation.Diverged,
            _ => throw new GitHubApiException(operation, response.Status, $"unknown comparison status '{Printable(compare.Status)}'"),
        };
        if (compare.AheadBy < 0 || compare.BehindBy < 0)
        {
            throw new GitHubApiException(operation, response.Status, "negative commit counts in the comparison");
        }

        return new Comparison(relation, compare.AheadBy, compare.BehindBy);
    }

    public async Task CreateBranchAsync(RepositoryId repo, string branch, string sha, CancellationToken cancellationToken = default)
    {
        GitHubInput.Branch(branch);
        GitHubInput.Sha(sha);
        var operation = $"create branch {repo}:{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/git/refs");
        var body = new CreateRefRequest($"refs/heads/{branch}", sha);
        var response = await SendWriteAsync(HttpMethod.Post, uri, body, operation, cancellationToken).ConfigureAwait(false);
        EnsureRefAt(response, sha, operation);
    }

    public async Task UpdateBranchAsync(RepositoryId repo, string branch, string sha, bool force, CancellationToken cancellationToken = default)
    {
        GitHubInput.Branch(branch);
        GitHubInput.Sha(sha);
        var operation = $"{(force ? "force-update" : "update")} branch {repo}:{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/git/refs/heads/{GitHubUris.EscapeSegments(branch)}");
        var body = new UpdateRefRequest(sha, force);
        var response = await SendWriteAsync(HttpMethod.Patch, uri, body, operation, cancellationToken).ConfigureAwait(false);
        EnsureRefAt(response, sha, operation);
    }

    public async Task DeleteBranchAsync(RepositoryId repo, string branch, CancellationToken cancellationToken = default)
    {
        GitHubInput.Branch(branch);
        var operation = $"delete branch {repo}:{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/git/refs/heads/{GitHubUris.EscapeSegments(branch)}");
        await SendWriteAsync(HttpMethod.Delete, uri, null, operation, cancellationToken).ConfigureAwait(false);
    }

    // ---- issues and comments ----

    public async Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepositoryId repo, int number, CancellationToken cancellationToken = default)
    {
        GitHubInput.IssueNumber(number);
        var operation = $"list comments on {repo}#{number}";
        var path = $"{GitHubUris.Repo(repo)}/issues/{number}/comments";
        var pages = await ListAsync(path, [], Json.ListIssueCommentDto, operation, cancellationToken).ConfigureAwait(false);
        return pages.Select(c => new IssueComment(c.Id, c.Body ?? string.Empty, c.HtmlUrl, c.User?.Login)).ToArray();
    }

    public async Task<IssueComment> CreateIssueCommentAsync(RepositoryId repo, int number, string body, CancellationToken cancellationToken = default)
    {
        GitHubInput.IssueNumber(number);
        GitHubInput.Text(body, nameof(body));
        var operation = $"comment on {repo}#{number}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/issues/{number}/comments");
        var response = await SendWriteAsync(HttpMethod.Post, uri, new CommentRequest(body), operation, cancellationToken).ConfigureAwait(false);
        var comment = Parse(response, Json.IssueCommentDto, operation);
        return new IssueComment(comment.Id, comment.Body ?? body, comment.HtmlUrl, comment.User?.Login);
    }

    public async Task<IReadOnlyList<Issue>> ListOpenIssuesAsync(RepositoryId repo, string label, CancellationToken cancellationToken = default)
    {
        GitHubInput.Label(label);
        var operation = $"list open issues in {repo} labelled '{label}'";
        var path = $"{GitHubUris.Repo(repo)}/issues";
        var items = await ListAsync(path, [("state", "open"), ("labels", label)], Json.ListIssueDto, operation, cancellationToken).ConfigureAwait(false);

        // The issues API lists pull requests too; they carry a pull_request key.
        return items
            .Where(i => i.PullRequest is not { ValueKind: not JsonValueKind.Null })
            .Select(i => ToIssue(i, operation))
            .ToArray();
    }

    public async Task<Issue> CreateIssueAsync(RepositoryId repo, string title, string body, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        GitHubInput.Text(title, nameof(title));
        GitHubInput.Text(body, nameof(body));
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var label in labels)
        {
            GitHubInput.Label(label);
        }

        var operation = $"create issue in {repo}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/issues");
        var request = new CreateIssueRequest(title, body, labels);
        var response = await SendWriteAsync(HttpMethod.Post, uri, request, operation, cancellationToken).ConfigureAwait(false);
        return ToIssue(Parse(response, Json.IssueDto, operation), operation);
    }

    public async Task CloseIssueAsync(RepositoryId repo, int number, CancellationToken cancellationToken = default)
    {
        GitHubInput.IssueNumber(number);
        var operation = $"close {repo}#{number}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/issues/{number}");
        var response = await SendWriteAsync(HttpMethod.Patch, uri, new IssueStateRequest("closed"), operation, cancellationToken).ConfigureAwait(false);
        Parse(response, Json.IssueDto, operation);
    }

    // ---- files and pull requests ----

    public async Task<RepositoryFile?> GetFileAsync(RepositoryId repo, string path, string branch, CancellationToken cancellationToken = default)
    {
        GitHubInput.FilePath(path);
        GitHubInput.Branch(branch);
        var operation = $"get file {repo}:{path}@{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/contents/{GitHubUris.EscapeSegments(path)}", ("ref", branch));
        var response = await GetAsync(uri, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, operation);
        if (response.Body.TrimStart().StartsWith('['))
        {
            throw new GitHubApiException(operation, response.Status, $"'{path}' is a directory, not a file");
        }

        var content = Parse(response, Json.ContentDto, operation);
        if (content.Type != "file")
        {
            throw new GitHubApiException(operation, response.Status, $"'{path}' is a {Printable(content.Type)}, not a file");
        }

        if (content.Encoding != "base64" || content.Content is null)
        {
            // GitHub sends encoding "none" for files over 1 MB; those need the blobs API.
            throw new GitHubApiException(operation, response.Status, $"file content not included (encoding '{Printable(content.Encoding ?? "none")}')");
        }

        return new RepositoryFile(content.Path, content.Sha, DecodeContent(content.Content, response.Status, operation));
    }

    public async Task UpdateFileAsync(RepositoryId repo, string path, string branch, string content, string blobSha, string message, CancellationToken cancellationToken = default)
    {
        GitHubInput.FilePath(path);
        GitHubInput.Branch(branch);
        GitHubInput.Text(content, nameof(content));
        GitHubInput.Text(message, nameof(message));
        var operation = $"update file {repo}:{path}@{branch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/contents/{GitHubUris.EscapeSegments(path)}");

        // An empty blob SHA creates the file; GitHub rejects a create that names a SHA.
        var request = new PutContentRequest(
            message,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(content)),
            branch,
            string.IsNullOrEmpty(blobSha) ? null : blobSha);
        var response = await SendWriteAsync(HttpMethod.Put, uri, request, operation, cancellationToken).ConfigureAwait(false);
        Parse(response, Json.PutContentResponseDto, operation);
    }

    public async Task<IReadOnlyList<PullRequest>> ListOpenPullRequestsAsync(RepositoryId repo, string headBranch, CancellationToken cancellationToken = default)
    {
        GitHubInput.Branch(headBranch, nameof(headBranch));
        var operation = $"list open pull requests in {repo} from {headBranch}";
        var path = $"{GitHubUris.Repo(repo)}/pulls";
        var items = await ListAsync(path, [("state", "open"), ("head", $"{repo.Owner}:{headBranch}")], Json.ListPullRequestDto, operation, cancellationToken).ConfigureAwait(false);
        return items.Select(ToPullRequest).ToArray();
    }

    public async Task<PullRequest> CreatePullRequestAsync(RepositoryId repo, string title, string headBranch, string baseBranch, string body, CancellationToken cancellationToken = default)
    {
        GitHubInput.Text(title, nameof(title));
        GitHubInput.Text(body, nameof(body));
        GitHubInput.Branch(headBranch, nameof(headBranch));
        GitHubInput.Branch(baseBranch, nameof(baseBranch));
        var operation = $"create pull request in {repo} from {headBranch} into {baseBranch}";
        var uri = _uris.Build($"{GitHubUris.Repo(repo)}/pulls");
        var request = new CreatePullRequestRequest(title, headBranch, baseBranch, body);
        var response = await SendWriteAsync(HttpMethod.Post, uri, request, operation, cancellationToken).ConfigureAwait(false);
        return ToPullRequest(Parse(response, Json.PullRequestDto, operation));
    }

    // ---- plumbing ----

    private Task<GitHubReply> GetAsync(Uri uri, string operation, CancellationToken cancellationToken) =>
        _connection.SendAsync(HttpMethod.Get, uri, null, operation, cancellationToken);

    private async Task<GitHubReply> SendWriteAsync(HttpMethod method, Uri uri, object? body, string operation, CancellationToken cancellationToken)
    {
        var response = await _connection.SendAsync(method, uri, body, operation, cancellationToken).ConfigureAwait(false);
        return EnsureSuccess(response, operation);
    }

    /// <summary>
    /// Pages with per_page=100 until a short page, or a Link header without a next page. Past
    /// <see cref="GitHubClientOptions.MaxPages"/> it fails: a truncated list could hide the
    /// audit entry a re-run looks for.
    /// </summary>
    private async Task<List<T>> ListAsync<T>(
        string path, (string Name, string Value)[] query, JsonTypeInfo<List<T>> typeInfo, string operation, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (var page = 1; page <= _options.MaxPages; page++)
        {
            var uri = _uris.Build(path, [.. query, GitHubUris.Query("per_page", PageSize), GitHubUris.Query("page", page)]);
            var response = EnsureSuccess(await GetAsync(uri, operation, cancellationToken).ConfigureAwait(false), operation);
            var items = Parse(response, typeInfo, operation);
            all.AddRange(items);
            var moreLikely = items.Count >= PageSize && (response.Link is null || response.HasNextPageLink);
            if (!moreLikely)
            {
                return all;
            }
        }

        throw new GitHubApiException(operation, null, $"more than {_options.MaxPages} pages of {PageSize}; refusing to read a partial list");
    }

    private GitHubReply EnsureSuccess(GitHubReply response, string operation)
    {
        if (response.IsSuccess)
        {
            return response;
        }

        var message = ErrorMessage(response);
        if (response.RateLimitExhausted)
        {
            message = $"rate limit exhausted: {message}";
        }

        throw new GitHubApiException(operation, response.Status, message);
    }

    /// <summary>GitHub's <c>message</c> field when the body has one, else the status name.</summary>
    private string ErrorMessage(GitHubReply response)
    {
        string? message = null;
        try
        {
            message = response.Body.Length > 0 ? JsonSerializer.Deserialize(response.Body, Json.ErrorDto)?.Message : null;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status says enough.
        }

        message = string.IsNullOrWhiteSpace(message) ? response.Status.ToString() : message;
        return _redactor.Redact(Printable(message, 300));
    }

    private static T Parse<T>(GitHubReply response, JsonTypeInfo<T> typeInfo, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, typeInfo)
                ?? throw new GitHubApiException(operation, response.Status, "unexpected response shape: null");
        }
        catch (JsonException e)
        {
            var what = e.Path is null or "$" ? "malformed or unexpected JSON" : $"malformed or unexpected JSON at {e.Path}";
            throw new GitHubApiException(operation, response.Status, what, e);
        }
    }

    private static void EnsureRefAt(GitHubReply response, string sha, string operation)
    {
        var gitRef = Parse(response, Json.GitRefDto, operation);
        if (!string.Equals(gitRef.Object.Sha, sha, StringComparison.OrdinalIgnoreCase))
        {
            throw new GitHubApiException(operation, response.Status, $"GitHub reports the ref at {Printable(gitRef.Object.Sha, 64)}, not {sha}");
        }
    }

    private static string DecodeContent(string base64, HttpStatusCode status, string operation)
    {
        try
        {
            // GitHub wraps the base64 at 60 columns; the decoder skips that whitespace.
            return StrictUtf8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new GitHubApiException(operation, status, "file content is not valid base64", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new GitHubApiException(operation, status, "file content is not UTF-8 text", e);
        }
    }

    private static Issue ToIssue(IssueDto dto, string operation)
    {
        var labels = (dto.Labels ?? []).Select(label => label.ValueKind switch
        {
            JsonValueKind.String => label.GetString()!,
            JsonValueKind.Object when label.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString()!,
            _ => throw new GitHubApiException(operation, HttpStatusCode.OK, "unexpected response shape: label"),
        }).ToArray();
        return new Issue(dto.Number, dto.Title, dto.Body ?? string.Empty, dto.State, dto.HtmlUrl, labels, dto.User?.Login);
    }

    private static PullRequest ToPullRequest(PullRequestDto dto) =>
        new(dto.Number, dto.Title, dto.State, dto.HtmlUrl, dto.Head.Ref, dto.Base.Ref);

    private static string Printable(string value, int max = 100)
    {
        var shown = value.Length > max ? value[..max] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
