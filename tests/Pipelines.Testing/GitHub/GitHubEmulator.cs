using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipelines.Security;

namespace Pipelines.Testing.GitHub;

/// <summary>Where the emulator serves and how it keeps time.</summary>
public sealed record GitHubEmulatorOptions
{
    /// <summary>A path prefix for the API, e.g. <c>/api/v3</c> to look like GitHub Enterprise Server.</summary>
    public string PathPrefix { get; init; } = string.Empty;

    /// <summary>Timestamps and fault delays. Real time by default: the emulator is a real server.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string DefaultBranch { get; init; } = "main";
}

/// <summary>
/// A loopback GitHub REST API for integration tests: repositories with a commit graph and
/// branches (real fast-forward rules), compare, issues and comments, contents, pull requests,
/// token permissions, a request log (token names, never values) and per-route fault injection.
/// </summary>
public sealed class GitHubEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly string _prefix;
    private readonly CancellationTokenSource _shutdown = new();
    private long _latencyTicks;

    private GitHubEmulator(WebApplication app, EmulatorState state, string prefix)
    {
        _app = app;
        _state = state;
        _prefix = prefix;
    }

    /// <summary>The API root, ending in '/', e.g. <c>http://127.0.0.1:41234/</c> (plus the prefix).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The web root that html_url values use (the server root, without the API prefix).</summary>
    public Uri WebUrl { get; private set; } = null!;

    public FaultSet Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>Added to every request before anything else (for benchmarks).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    public IReadOnlyList<EmulatedRepository> Repositories => _state.Repositories;

    public static async Task<GitHubEmulator> StartAsync(GitHubEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GitHubEmulatorOptions();
        var prefix = options.PathPrefix.TrimEnd('/');
        if (prefix.Length > 0 && !prefix.StartsWith('/'))
        {
            throw new ArgumentException("PathPrefix must start with '/'", nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GitHubEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        var emulator = new GitHubEmulator(app, new EmulatorState(options.TimeProvider), prefix);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var root = address.TrimEnd('/') + "/";
        emulator.WebUrl = new Uri(root);
        emulator.BaseUrl = new Uri(root.TrimEnd('/') + prefix + "/");
        emulator._state.WebRoot = root;
        return emulator;
    }

    /// <param name="fullName"><c>owner/name</c>.</param>
    public EmulatedRepository AddRepository(string fullName, string? defaultBranch = null)
    {
        var slash = fullName.IndexOf('/');
        if (slash <= 0 || slash == fullName.Length - 1 || fullName.IndexOf('/', slash + 1) >= 0)
        {
            throw new ArgumentException($"'{fullName}' is not owner/name", nameof(fullName));
        }

        return _state.AddRepository(fullName[..slash], fullName[(slash + 1)..], defaultBranch ?? "main");
    }

    public EmulatedRepository Repository(string fullName)
    {
        var slash = fullName.IndexOf('/');
        return (slash > 0 ? _state.FindRepository(fullName[..slash], fullName[(slash + 1)..]) : null)
            ?? throw new ArgumentException($"no repository {fullName}", nameof(fullName));
    }

    /// <summary>
    /// Registers a token. Every known token may read every repository. <paramref name="canWrite"/>
    /// allows every write everywhere; <paramref name="writeRepos"/> every write in those repositories;
    /// <paramref name="issueRepos"/> only issue and comment writes there. The request log records
    /// <paramref name="name"/> (default: the token itself). <paramref name="login"/> is the account it
    /// acts as (default: the name): <c>GET /user</c> answers it and what it writes carries it as
    /// <c>user.login</c>. An <paramref name="app"/> token (GitHub App installation) gets 403 from
    /// <c>GET /user</c>, as on GitHub. Returns it as a <see cref="Secret"/>.
    /// </summary>
    public Secret AddToken(string token, bool canWrite = false, IEnumerable<string>? writeRepos = null, IEnumerable<string>? issueRepos = null, string? name = null, string? login = null, bool app = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        name ??= token;
        _state.AddToken(token, new EmulatedToken(
            name,
            canWrite,
            new HashSet<string>(writeRepos ?? [], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(issueRepos ?? [], StringComparer.OrdinalIgnoreCase),
            login ?? name,
            app));
        return new Secret(name, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Connections still open after the grace period are cut; nothing to keep.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _shutdown.Token);
        var aborted = linked.Token;
        try
        {
            await DispatchAsync(http, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            http.Abort();
        }
    }

    private async Task DispatchAsync(HttpContext http, CancellationToken aborted)
    {
        var (path, segments, rawQuery) = ParseTarget(http);
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(aborted).ConfigureAwait(false);
        var method = http.Request.Method.ToUpperInvariant();
        var tokenValue = BearerToken(http.Request.Headers.Authorization.ToString());
        var token = tokenValue is null ? null : _state.FindToken(tokenValue);
        var match = segments is null ? null : FindRoute(method, segments);
        var global = segments is null || match is not null ? null : EmulatorGlobalRoutes.Find(method, segments);
        var record = Requests.Add(method, path, rawQuery, match?.Route.Name ?? global?.Name, token?.Name, body, _state.Time.GetUtcNow());

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, _state.Time, aborted).ConfigureAwait(false);
        }

        var fault = Faults.Take(record);
        record.Fault = fault?.Kind;
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                await WriteAsync(http, record, new EmulatorResponse(
                    fault.StatusCode,
                    fault.ResponseBody ?? Fault.ErrorBody(ReasonPhrases.GetReasonPhrase(fault.StatusCode)),
                    fault.Headers)).ConfigureAwait(false);
                return;
            case FaultKind.Hang:
                try
                {
                    await Task.Delay(fault.Duration, _state.Time, aborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up: exactly what a hang is for.
                }

                http.Abort();
                return;
            case FaultKind.ResetBeforeApply:
                http.Abort();
                return;
            case FaultKind.Delay:
                // Processed even when the client has gone: a slow write that still lands.
                await Task.Delay(fault.Duration, _state.Time, _shutdown.Token).ConfigureAwait(false);
                break;
        }

        var response = global is not null && token is not null
            ? ProcessGlobal(global, record, token)
            : Process(match, record, tokenValue is not null, token, ParseQuery(rawQuery));
        switch (fault?.Kind)
        {
            case FaultKind.ResetAfterApply:
                http.Abort();
                return;
            case FaultKind.MalformedJson or FaultKind.WrongShape:
                response = response with { Body = fault.ResponseBody };
                break;
        }

        if (fault is { Headers.Count: > 0 })
        {
            var headers = new Dictionary<string, string>(response.Headers ?? new Dictionary<string, string>());
            foreach (var (name, value) in fault.Headers)
            {
                headers[name] = value;
            }

            response = response with { Headers = headers };
        }

        await WriteAsync(http, record, response).ConfigureAwait(false);
    }

    private EmulatorResponse Process(RouteMatch? match, RecordedRequest record, bool tokenPresent, EmulatedToken? token, IReadOnlyDictionary<string, string> query)
    {
        if (token is null)
        {
            return EmulatorResponse.Error(401, tokenPresent ? "Bad credentials" : "Requires authentication");
        }

        if (match is null)
        {
            return EmulatorResponse.NotFound();
        }

        var repo = _state.FindRepository(match.Values["owner"], match.Values["repo"]);
        if (repo is null)
        {
            return EmulatorResponse.NotFound();
        }

        if (!token.MayWrite(repo.FullName, match.Route.Permission))
        {
            return EmulatorResponse.Error(403, "Resource not accessible by personal access token");
        }

        lock (_state.Sync)
        {
            return match.Route.Handler(new RouteContext(record, match.Values, query, repo, BaseUrl.AbsoluteUri, token.Login));
        }
    }

    private EmulatorResponse ProcessGlobal(GlobalRoute route, RecordedRequest record, EmulatedToken token)
    {
        lock (_state.Sync)
        {
            return route.Handler(new GlobalRouteContext(record, token, _state));
        }
    }

    private static async Task WriteAsync(HttpContext http, RecordedRequest record, EmulatorResponse response)
    {
        record.Status = response.Status;
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(response.Body, Encoding.UTF8).ConfigureAwait(false);
        }
    }

    private static RouteMatch? FindRoute(string method, IReadOnlyList<string> segments)
    {
        foreach (var route in EmulatorRoutes.All)
        {
            if (route.Method == method && route.Match(segments) is { } values)
            {
                return new RouteMatch(route, values);
            }
        }

        return null;
    }

    /// <summary>
    /// Splits the raw request target (still escaped, so <c>%2F</c> inside a segment stays inside
    /// it) into decoded segments below the prefix. Segments are null when the prefix is missing.
    /// </summary>
    private (string Path, IReadOnlyList<string>? Segments, string Query) ParseTarget(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.Path + http.Request.QueryString).ToString();
        var question = raw.IndexOf('?');
        var rawPath = question >= 0 ? raw[..question] : raw;
        var rawQuery = question >= 0 ? raw[(question + 1)..] : string.Empty;
        if (_prefix.EndsWith("/v3", StringComparison.Ordinal) && rawPath == _prefix[..^3] + "/graphql")
        {
            // GitHub Enterprise Server serves GraphQL at /api/graphql beside REST's /api/v3.
            rawPath = "/graphql";
        }
        else if (_prefix.Length > 0)
        {
            if (!rawPath.StartsWith(_prefix + "/", StringComparison.Ordinal))
            {
                return (Uri.UnescapeDataString(rawPath), null, rawQuery);
            }

            rawPath = rawPath[_prefix.Length..];
        }

        var segments = rawPath.TrimStart('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        return ("/" + string.Join('/', segments), segments, rawQuery);
    }

    private static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((equals >= 0 ? pair[..equals] : pair).Replace('+', ' '));
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : string.Empty;
            query[name] = value;
        }

        return query;
    }

    private static string? BearerToken(string authorization)
    {
        foreach (var scheme in (string[])["Bearer ", "token "])
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var value = authorization[scheme.Length..].Trim();
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
