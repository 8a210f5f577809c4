using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Pipelines.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>Which failures are retried, how long the client waits, and that writes are sent once.</summary>
public sealed class HttpGitHubClientRetryTests : IDisposable
{
    private readonly TestClients _clients = new();

    private IGitHubClient Client => _clients.Client;

    private ScriptedHandler Handler => _clients.Handler;

    private static RepositoryId Repo => TestClients.Repo;

    public void Dispose() => _clients.Dispose();

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Reads_are_retried_on_server_errors_and_429_then_succeed(HttpStatusCode status)
    {
        Handler.RespondRepeatedly(2, status, """{"message":"try later"}""")
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var sha = await _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal(3, Handler.Requests.Count);
        Assert.Equal([1, 2], _clients.Retries.Select(r => r.FailedAttempt));
        Assert.All(_clients.Retries, r => Assert.Equal($"HTTP {(int)status}", r.Reason));
    }

    [Fact]
    public async Task Reads_give_up_after_max_attempts_with_the_last_status()
    {
        Handler.RespondRepeatedly(4, HttpStatusCode.ServiceUnavailable, """{"message":"Service Unavailable"}""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("get branch WXYC/Backend-Service:prod", error.Operation);
        Assert.Equal("GitHub get branch WXYC/Backend-Service:prod failed: HTTP 503 Service Unavailable", error.Message);
        Assert.Equal(4, Handler.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_seconds_is_waited_exactly()
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, """{"message":"slow down"}""", ("Retry-After", "7"))
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var call = Client.GetBranchHeadAsync(Repo, "prod");
        await _clients.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        _clients.Clock.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        var beforeDeadline = call.IsCompleted;
        var requestsBeforeDeadline = Handler.Requests.Count;
        _clients.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var sha = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(beforeDeadline);
        Assert.Equal(1, requestsBeforeDeadline);
        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_clients.Retries).Delay);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var at = _clients.Clock.GetUtcNow().AddSeconds(12).ToString("R", CultureInfo.InvariantCulture);
        Handler.Respond(HttpStatusCode.ServiceUnavailable, null, ("Retry-After", at))
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        await _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Equal(TimeSpan.FromSeconds(12), Assert.Single(_clients.Retries).Delay);
    }

    [Fact]
    public async Task Rate_limited_403_waits_until_the_reset_time_then_retries()
    {
        var reset = _clients.Clock.GetUtcNow().AddSeconds(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Handler.Respond(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded"}""", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset))
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var sha = await _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Equal(TestClients.Sha1, sha);
        var retry = Assert.Single(_clients.Retries);
        Assert.Equal(TimeSpan.FromSeconds(20), retry.Delay);
        Assert.Equal("HTTP 403 rate limit exhausted", retry.Reason);
    }

    [Fact]
    public async Task Waits_github_asks_for_are_capped_by_max_delay()
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, null, ("Retry-After", "3600"))
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        await _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Equal(GitHubRetryOptions.Default.MaxDelay, Assert.Single(_clients.Retries).Delay);
    }

    [Fact]
    public async Task Backoff_grows_within_max_delay_and_its_jitter_comes_from_the_injected_randomizer()
    {
        var delaysLow = await BackoffDelays(() => 0.1);
        var delaysHigh = await BackoffDelays(() => 0.9);

        Assert.Equal(3, delaysLow.Count);
        Assert.All(delaysLow.Concat(delaysHigh), d => Assert.InRange(d, TimeSpan.FromTicks(1), GitHubRetryOptions.Default.MaxDelay));
        Assert.NotEqual(delaysLow, delaysHigh);
        Assert.Equal(delaysLow, await BackoffDelays(() => 0.1));
    }

    [Fact]
    public async Task Forbidden_without_rate_limit_headers_is_not_retried()
    {
        Handler.Respond(HttpStatusCode.Forbidden, """{"message":"Resource not accessible by integration"}""", ("x-ratelimit-remaining", "4999"));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("Resource not accessible by integration", error.Message);
        Assert.Single(Handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "Bad credentials")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Validation Failed")]
    [InlineData(HttpStatusCode.NotFound, "Not Found")]
    [InlineData(HttpStatusCode.BadRequest, "Problems parsing JSON")]
    public async Task Other_client_errors_are_not_retried(HttpStatusCode status, string message)
    {
        Handler.Respond(status, $$"""{"message":"{{message}}"}""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.CompareAsync(Repo, "main", "prod")));

        Assert.Equal(status, error.Status);
        Assert.Contains(message, error.Message);
        Assert.Single(Handler.Requests);
        Assert.Empty(_clients.Retries);
    }

    [Fact]
    public async Task Get_branch_head_throws_on_401_403_and_503_rather_than_reporting_a_missing_branch()
    {
        Handler.Respond(HttpStatusCode.Unauthorized, """{"message":"Bad credentials"}""")
            .Respond(HttpStatusCode.Forbidden, """{"message":"Must have admin rights"}""")
            .RespondRepeatedly(4, HttpStatusCode.ServiceUnavailable);

        var unauthorized = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));
        var forbidden = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));
        var unavailable = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.ServiceUnavailable], [unauthorized.Status, forbidden.Status, unavailable.Status]);
    }

    [Fact]
    public async Task Network_errors_on_reads_are_retried()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)))
            .Throw(new IOException("connection reset by peer"))
            .Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var sha = await _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal(["network error: ConnectionError (ConnectionRefused)", "network error: connection reset"], _clients.Retries.Select(r => r.Reason));
    }

    [Fact]
    public async Task Network_errors_that_persist_fail_without_a_status()
    {
        for (var i = 0; i < 4; i++)
        {
            Handler.Throw(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));
        }

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Null(error.Status);
        Assert.Contains("network error: NameResolutionError", error.Message);
    }

    [Fact]
    public async Task A_read_that_hangs_times_out_per_attempt_and_is_retried()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), RequestTimeout = TimeSpan.FromSeconds(45) });
        clients.Handler.Hang().Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var call = clients.Client.GetBranchHeadAsync(Repo, "prod");
        await clients.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(45));
        clients.Clock.Advance(TimeSpan.FromSeconds(45) - TimeSpan.FromMilliseconds(1));
        var beforeTimeout = clients.Retries.Count;
        clients.Clock.Advance(TimeSpan.FromMilliseconds(1));
        clients.Clock.Advance(await clients.Clock.NextTimerAsync());
        var sha = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, beforeTimeout);
        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal("timed out after 45s", Assert.Single(clients.Retries).Reason);
        Assert.Equal(2, clients.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_read_that_always_hangs_fails_with_a_timeout()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), RequestTimeout = TimeSpan.FromSeconds(45) });
        for (var i = 0; i < 4; i++)
        {
            clients.Handler.Hang();
        }

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => clients.RunAsync(clients.Client.GetBranchHeadAsync(Repo, "prod"), advanceTimeouts: true));

        Assert.Null(error.Status);
        Assert.Contains("timed out after 45s", error.Message);
        Assert.Equal(4, clients.Handler.Requests.Count);
    }

    public static TheoryData<string> Writes => ["create-branch", "update-branch", "delete-branch", "comment", "create-issue", "close-issue", "update-file", "create-pull"];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_are_never_retried_on_server_errors(string write)
    {
        Handler.Respond(HttpStatusCode.BadGateway, """{"message":"Bad Gateway"}""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Write(write)));

        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Single(Handler.Requests);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_are_never_retried_on_rate_limits(string write)
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, """{"message":"secondary rate limit"}""", ("Retry-After", "1"));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Write(write)));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Single(Handler.Requests);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_are_never_retried_on_network_errors(string write)
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "response ended"));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Write(write)));

        Assert.Null(error.Status);
        Assert.Contains("network error: ResponseEnded", error.Message);
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task A_write_that_hangs_times_out_once()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), RequestTimeout = TimeSpan.FromSeconds(45) });
        clients.Handler.Hang();

        var error = await Assert.ThrowsAsync<GitHubApiException>(() =>
            clients.RunAsync(clients.Client.UpdateBranchAsync(Repo, "prod", TestClients.Sha2, force: false), advanceTimeouts: true));

        Assert.Contains("timed out after 45s", error.Message);
        Assert.Single(clients.Handler.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_an_api_error()
    {
        Handler.Hang();
        using var cancellation = new CancellationTokenSource();

        var call = Client.GetBranchHeadAsync(Repo, "prod", cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private Task Write(string write) => write switch
    {
        "create-branch" => Client.CreateBranchAsync(Repo, "prod", TestClients.Sha1),
        "update-branch" => Client.UpdateBranchAsync(Repo, "prod", TestClients.Sha1, force: false),
        "delete-branch" => Client.DeleteBranchAsync(Repo, "prod"),
        "comment" => Client.CreateIssueCommentAsync(Repo, 1, "audit"),
        "create-issue" => Client.CreateIssueAsync(Repo, "t", "b", []),
        "close-issue" => Client.CloseIssueAsync(Repo, 1),
        "update-file" => Client.UpdateFileAsync(Repo, "m.json", "main", "{}", "blob", "msg"),
        "create-pull" => Client.CreatePullRequestAsync(Repo, "t", "h", "main", "b"),
        _ => throw new ArgumentOutOfRangeException(nameof(write)),
    };

    private static async Task<List<TimeSpan>> BackoffDelays(Func<double> randomizer)
    {
        using var clients = new TestClients(randomizer: randomizer);
        clients.Handler.RespondRepeatedly(3, HttpStatusCode.InternalServerError).Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));
        await clients.RunAsync(clients.Client.GetBranchHeadAsync(Repo, "prod"));
        return clients.Retries.Select(r => r.Delay).ToList();
    }
}
