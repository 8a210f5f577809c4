using System.Diagnostics;
using System.Net;
using Pipelines.GitHub;
using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>Every fault kind the emulator injects, seen through the real client (real time, short timeouts).</summary>
public sealed class GitHubEmulatorFaultTests : IAsyncLifetime
{
    private const string RefRoute = "/repos/*/*/git/ref/heads/**";
    private const string RefsRoute = "/repos/*/*/git/refs/heads/**";

    private static readonly RepositoryId Backend = RepositoryId.Parse(EmulatorHarness.Backend);

    private readonly EmulatorHarness _harness = new() { RequestTimeout = TimeSpan.FromMilliseconds(500) };
    private IReadOnlyList<string> _commits = [];

    private GitHubEmulator Emulator => _harness.Emulator;

    private EmulatedRepository Repo => _harness.BackendRepo;

    public async Task InitializeAsync()
    {
        await _harness.InitializeAsync();
        _commits = Repo.Chain(null, 3);
        Repo.SetBranch("main", _commits[2]).SetBranch("prod", _commits[0]);
    }

    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_status_fault_limited_to_two_times_is_retried_through()
    {
        var fault = Emulator.Faults.Add(Fault.On("GET", RefRoute).Status(503).Times(2));

        var sha = await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");

        Assert.Equal(_commits[0], sha);
        Assert.Equal(2, fault.Hits);
        Assert.True(fault.IsExhausted);
        Assert.Equal([503, 503, 200], Emulator.Requests.Matching("GET", RefRoute).Select(r => r.Status));
    }

    [Fact]
    public async Task A_status_fault_carries_headers_and_githubs_error_shape()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).Status(429, "slow down").RetryAfter(TimeSpan.FromSeconds(3)).Once());

        var (status, body, response) = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/Backend-Service/git/ref/heads/prod", token: _harness.ReadToken);

        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Contains("\"message\":\"slow down\"", body);
    }

    [Fact]
    public async Task A_rate_limit_fault_sends_the_exhausted_quota_headers_and_the_client_waits_and_retries()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).RateLimitExhausted(DateTimeOffset.UtcNow.AddSeconds(-1)).Once());

        var sha = await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");

        Assert.Equal(_commits[0], sha);
        Assert.Equal("HTTP 403 rate limit exhausted", Assert.Single(_harness.Retries).Reason);
    }

    [Fact]
    public async Task A_permission_403_is_not_retried()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).Status(403, "Resource not accessible by integration"));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal(1, Emulator.Requests.Count("GET", RefRoute));
    }

    [Fact]
    public async Task A_hung_read_times_out_on_every_attempt_and_fails_without_a_status()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).Hang());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));

        Assert.Null(error.Status);
        Assert.Contains("timed out after 500ms", error.Message);
        Assert.Equal(3, Emulator.Requests.Count("GET", RefRoute));
    }

    [Fact]
    public async Task A_hung_write_times_out_once_and_changes_nothing()
    {
        Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).Hang());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));

        Assert.Contains("timed out", error.Message);
        await EmulatorHarness.EventuallyAsync(() => Emulator.Requests.Matching("PATCH", RefsRoute).Single().Fault == FaultKind.Hang);
        Assert.Equal(_commits[0], Repo.Branch("prod"));
        Assert.False(Emulator.Requests.Matching("PATCH", RefsRoute).Single().Applied);
    }

    [Fact]
    public async Task A_delayed_write_lands_after_the_client_gave_up()
    {
        Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).Delay(TimeSpan.FromMilliseconds(900)));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));
        var rightAfter = Repo.Branch("prod");
        await EmulatorHarness.EventuallyAsync(() => Repo.Branch("prod") == _commits[2]);

        Assert.Contains("timed out", error.Message);
        Assert.Equal(_commits[0], rightAfter);
        Assert.Single(Emulator.Requests.Matching("PATCH", RefsRoute));
    }

    [Fact]
    public async Task A_delayed_read_within_the_timeout_just_succeeds_late()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).Delay(TimeSpan.FromMilliseconds(150)).Once());
        var clock = Stopwatch.StartNew();

        var sha = await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");

        Assert.Equal(_commits[0], sha);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(140), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_reset_before_apply_is_a_network_error_and_the_write_did_not_land()
    {
        Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).ResetBeforeApply());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));

        Assert.Null(error.Status);
        Assert.Contains("network error", error.Message);
        Assert.Equal(_commits[0], Repo.Branch("prod"));
        Assert.Single(Emulator.Requests.Matching("PATCH", RefsRoute));
    }

    [Fact]
    public async Task A_reset_before_apply_on_a_read_is_retried()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).ResetBeforeApply().Once());

        var sha = await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");

        Assert.Equal(_commits[0], sha);
        Assert.StartsWith("network error", Assert.Single(_harness.Retries).Reason);
    }

    [Fact]
    public async Task A_reset_after_apply_loses_the_answer_but_the_write_landed()
    {
        Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).ResetAfterApply());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));

        Assert.Null(error.Status);
        Assert.Equal(_commits[2], await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));
        var request = Assert.Single(Emulator.Requests.Matching("PATCH", RefsRoute));
        Assert.True(request.Applied);
        Assert.Null(request.Status);
    }

    [Fact]
    public async Task Malformed_json_is_reported_and_not_retried()
    {
        Emulator.Faults.Add(Fault.On("GET", RefRoute).MalformedJson());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));

        Assert.Equal(HttpStatusCode.OK, error.Status);
        Assert.Contains("malformed", error.Message);
        Assert.Equal(1, Emulator.Requests.Count("GET", RefRoute));
    }

    [Fact]
    public async Task Malformed_json_on_a_write_is_reported_although_the_write_landed()
    {
        Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).MalformedJson());

        await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));

        Assert.Equal(_commits[2], Repo.Branch("prod"));
    }

    [Fact]
    public async Task A_differently_shaped_200_is_reported()
    {
        Emulator.Faults.Add(Fault.On("GET", "/repos/*/*/compare/**").WrongShape());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.CompareAsync(Backend, "prod", "main"));

        Assert.Equal(HttpStatusCode.OK, error.Status);
    }

    [Fact]
    public async Task Latency_slows_every_route()
    {
        Emulator.Latency = TimeSpan.FromMilliseconds(100);
        var clock = Stopwatch.StartNew();

        await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");
        await _harness.ReadClient.CompareAsync(Backend, "prod", "main");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Skip_lets_the_first_matches_through_and_when_selects_by_request()
    {
        Emulator.Faults.Add(Fault.On("*", "/repos/**").Status(500).When(r => r.TokenName == "push-backend").Skip(1).Once());
        var sha = Repo.Commit(_commits[2]);

        await _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[1], force: false);
        var second = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[2], force: false));
        await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");
        await _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", sha, force: false);

        Assert.Equal(HttpStatusCode.InternalServerError, second.Status);
        Assert.Equal([200, 500, 200], Emulator.Requests.Matching("PATCH", RefsRoute).Select(r => r.Status));
        Assert.Equal(sha, Repo.Branch("prod"));
    }

    [Fact]
    public async Task A_fault_on_another_route_does_not_apply_and_can_be_removed()
    {
        var onWrites = Emulator.Faults.Add(Fault.On("PATCH", RefsRoute).Status(500));
        var onIssues = Emulator.Faults.Add(Fault.On("GET", "/repos/*/*/issues").Status(500));
        onIssues.Remove();

        var sha = await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");
        var issues = await _harness.ReadClient.ListOpenIssuesAsync(Backend, "x");

        Assert.Equal(_commits[0], sha);
        Assert.Empty(issues);
        Assert.Equal(0, onWrites.Hits);
        Assert.Equal([onWrites], Emulator.Faults.All);
    }
}
