using System.Collections.Immutable;
using System.Globalization;

namespace Pipelines.Testing.GitHub;

/// <summary>What a fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with a status code (and optional headers and body) without processing.</summary>
    Status,

    /// <summary>Wait, then process normally, even if the client gave up meanwhile (a slow request that still lands).</summary>
    Delay,

    /// <summary>Never process: hold the request until the client gives up (or a maximum passes), then drop the connection.</summary>
    Hang,

    /// <summary>Drop the connection before processing: nothing changes.</summary>
    ResetBeforeApply,

    /// <summary>Process the request (a write lands), then drop the connection instead of answering.</summary>
    ResetAfterApply,

    /// <summary>Process normally, then answer with the real status and a truncated JSON body.</summary>
    MalformedJson,

    /// <summary>Process normally, then answer with the real status and well-formed JSON of another shape.</summary>
    WrongShape,
}

/// <summary>
/// A fault to inject on matching requests, built fluently:
/// <c>Fault.On("PATCH", "/repos/*/*/git/refs/heads/**").Status(503).Times(2)</c>.
/// Path patterns match the decoded request path without the API prefix; <c>*</c> matches
/// within one segment, <c>**</c> across segments. Immutable: every method returns a copy.
/// </summary>
public sealed record Fault
{
    public const string DefaultMalformedBody = "{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"";
    public const string DefaultWrongShapeBody = "{\"unexpected\":[1,2,3],\"shape\":\"different\"}";

    private Fault(string method, string pathPattern)
    {
        Method = method.ToUpperInvariant();
        PathPattern = pathPattern;
        Matcher = new PathPattern(pathPattern);
    }

    /// <summary>HTTP method to match, or <c>*</c>.</summary>
    public string Method { get; }

    public string PathPattern { get; }

    internal PathPattern Matcher { get; }

    public FaultKind Kind { get; init; } = FaultKind.Status;

    public int StatusCode { get; init; } = 500;

    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Raw body to answer with; null means GitHub's error shape for Status, or the defaults above.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>For Delay: how long; for Hang: the most it holds the request.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How many requests it applies to; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The first N matching requests pass untouched.</summary>
    public int SkipFirst { get; init; }

    public Func<RecordedRequest, bool>? Predicate { get; init; }

    public static Fault On(string method, string pathPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pathPattern);
        return new Fault(method, pathPattern);
    }

    /// <summary>Every route.</summary>
    public static Fault OnAny() => new("*", "/**");

    public Fault Status(int statusCode, string? message = null) => this with
    {
        Kind = FaultKind.Status,
        StatusCode = statusCode,
        ResponseBody = message is null ? ResponseBody : ErrorBody(message),
    };

    public Fault WithHeader(string name, string value) => this with { Headers = Headers.SetItem(name, value) };

    public Fault WithBody(string rawBody) => this with { ResponseBody = rawBody };

    /// <summary>Adds <c>Retry-After: seconds</c>.</summary>
    public Fault RetryAfter(TimeSpan delay) =>
        WithHeader("Retry-After", ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    /// <summary>GitHub's primary rate limit: 403 (or 429) with <c>x-ratelimit-remaining: 0</c> and the reset time.</summary>
    public Fault RateLimitExhausted(DateTimeOffset resetAt, int statusCode = 403) =>
        Status(statusCode, "API rate limit exceeded for user.")
            .WithHeader("x-ratelimit-limit", "5000")
            .WithHeader("x-ratelimit-remaining", "0")
            .WithHeader("x-ratelimit-reset", resetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    public Fault Delay(TimeSpan duration) => this with { Kind = FaultKind.Delay, Duration = duration };

    /// <param name="max">The longest the request is held; default five minutes.</param>
    public Fault Hang(TimeSpan? max = null) => this with { Kind = FaultKind.Hang, Duration = max ?? TimeSpan.FromMinutes(5) };

    public Fault ResetBeforeApply() => this with { Kind = FaultKind.ResetBeforeApply };

    public Fault ResetAfterApply() => this with { Kind = FaultKind.ResetAfterApply };

    public Fault MalformedJson(string? body = null) => this with { Kind = FaultKind.MalformedJson, ResponseBody = body ?? DefaultMalformedBody };

    public Fault WrongShape(string? body = null) => this with { Kind = FaultKind.WrongShape, ResponseBody = body ?? DefaultWrongShapeBody };

    public Fault Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return this with { Limit = count };
    }

    public Fault Once() => Times(1);

    public Fault Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return this with { SkipFirst = count };
    }

    /// <summary>Only requests the predicate accepts (by body, token name, query...).</summary>
    public Fault When(Func<RecordedRequest, bool> predicate) => this with { Predicate = predicate };

    internal bool Matches(RecordedRequest request) =>
        (Method == "*" || Method == request.Method)
        && Matcher.IsMatch(request.Path)
        && (Predicate is null || Predicate(request));

    internal static string ErrorBody(string message) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["message"] = message,
            ["documentation_url"] = "https://docs.github.com/rest",
        }.ToJsonString();

    public override string ToString() =>
        $"{Kind} {(Kind == FaultKind.Status ? StatusCode.ToString(CultureInfo.InvariantCulture) + " " : string.Empty)}on {Method} {PathPattern}";
}
