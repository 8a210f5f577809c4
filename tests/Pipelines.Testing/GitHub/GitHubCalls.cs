namespace Pipelines.Testing.GitHub;

/// <summary>One GitHub call the product makes, as the emulator's method and path glob see it.</summary>
public sealed record GitHubCall(string Name, string Method, string PathPattern, bool IsWrite)
{
    /// <summary>A fault builder matching this call.</summary>
    public Fault Fault() => GitHub.Fault.On(Method, PathPattern);

    public override string ToString() => Name;
}

/// <summary>Every call <c>IGitHubClient</c> makes, for fault matrices and request counting.</summary>
public static class GitHubCalls
{
    public static GitHubCall GetBranch { get; } = new("get-branch", "GET", "/repos/*/*/git/ref/heads/**", false);
    public static GitHubCall Compare { get; } = new("compare", "GET", "/repos/*/*/compare/**", false);
    public static GitHubCall CreateRef { get; } = new("create-ref", "POST", "/repos/*/*/git/refs", true);
    public static GitHubCall UpdateRef { get; } = new("update-ref", "PATCH", "/repos/*/*/git/refs/heads/**", true);
    public static GitHubCall DeleteRef { get; } = new("delete-ref", "DELETE", "/repos/*/*/git/refs/heads/**", true);
    public static GitHubCall ListComments { get; } = new("list-comments", "GET", "/repos/*/*/issues/*/comments", false);
    public static GitHubCall CreateComment { get; } = new("create-comment", "POST", "/repos/*/*/issues/*/comments", true);
    public static GitHubCall ListIssues { get; } = new("list-issues", "GET", "/repos/*/*/issues", false);
    public static GitHubCall CreateIssue { get; } = new("create-issue", "POST", "/repos/*/*/issues", true);
    public static GitHubCall CloseIssue { get; } = new("close-issue", "PATCH", "/repos/*/*/issues/*", true);
    public static GitHubCall GetFile { get; } = new("get-file", "GET", "/repos/*/*/contents/**", false);
    public static GitHubCall UpdateFile { get; } = new("update-file", "PUT", "/repos/*/*/contents/**", true);
    public static GitHubCall ListPulls { get; } = new("list-pulls", "GET", "/repos/*/*/pulls", false);
    public static GitHubCall CreatePull { get; } = new("create-pull", "POST", "/repos/*/*/pulls", true);
    public static GitHubCall GetRepository { get; } = new("get-repository", "GET", "/repos/*/*", false);
    public static GitHubCall UpdateRefs { get; } = new("update-refs", "POST", "/graphql", true);
    public static GitHubCall GetUser { get; } = new("get-user", "GET", "/user", false);

    // DeleteRef is not listed: a rollback deletes a seeded branch with a compare-and-swap
    // (UpdateRefs), so the product no longer sends DELETE; the emulator still serves it.
    public static IReadOnlyList<GitHubCall> All { get; } =
    [
        GetBranch, Compare, CreateRef, UpdateRef, ListComments, CreateComment,
        ListIssues, CreateIssue, CloseIssue, GetFile, UpdateFile, ListPulls, CreatePull,
        GetRepository, UpdateRefs, GetUser,
    ];
}

/// <summary>
/// The fault kinds of the reliability fault matrix, by name, for one call. Each is unlimited;
/// add <c>.Times(n)</c> or <c>.Once()</c> for transient ones.
/// </summary>
public static class StandardFaults
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "500", "502", "503", "429-retry-after", "403-rate-limit", "403-permission", "401", "404", "422",
        "hang", "reset-before-apply", "reset-after-apply", "malformed-json", "wrong-shape",
    ];

    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="hangFor">How long a hang holds the request at most (make it longer than the client timeout).</param>
    public static Fault For(GitHubCall call, string name, TimeSpan? hangFor = null)
    {
        var fault = call.Fault();
        return name switch
        {
            "500" => fault.Status(500, "Internal Server Error"),
            "502" => fault.Status(502, "Bad Gateway"),
            "503" => fault.Status(503, "Service Unavailable"),
            "429-retry-after" => fault.Status(429, "You have exceeded a secondary rate limit.").RetryAfter(TimeSpan.FromSeconds(1)),
            "403-rate-limit" => fault.RateLimitExhausted(DateTimeOffset.UtcNow.AddSeconds(1)),
            "403-permission" => fault.Status(403, "Resource not accessible by personal access token"),
            "401" => fault.Status(401, "Bad credentials"),
            "404" => fault.Status(404, "Not Found"),
            "422" => fault.Status(422, "Validation Failed"),
            "hang" => fault.Hang(hangFor),
            "reset-before-apply" => fault.ResetBeforeApply(),
            "reset-after-apply" => fault.ResetAfterApply(),
            "malformed-json" => fault.MalformedJson(),
            "wrong-shape" => fault.WrongShape(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"known faults: {string.Join(", ", Names)}"),
        };
    }
}
