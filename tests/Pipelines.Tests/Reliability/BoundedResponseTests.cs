using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// End to end through <c>pipelines promote</c>: what GitHub and staging answer is read with a size
/// cap, and redirects are followed a few times at most and never to a non-http(s) scheme. Each
/// ends in a blocked gate that says why, with nothing pushed.
/// </summary>
public sealed class BoundedResponseTests : IAsyncLifetime
{
    private GitHubWorld _world = null!;

    public async Task InitializeAsync() => _world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_github_answer_larger_than_the_cap_blocks_the_gate()
    {
        _world.GitHub.Faults.Add(GitHubCalls.Compare.Fault().Status(200).WithBody("{\"status\":\"ahead\",\"padding\":\"" + new string('x', 6 * 1024 * 1024) + "\"}"));

        var report = await BlockedAsync();

        Assert.Contains(report.Stages, s => s.Name == StageNames.CheckAncestry && s.Detail.Contains("response too large", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_github_redirect_loop_is_followed_three_times_and_then_blocks()
    {
        var path = "/repos/acme/backend/git/ref/heads/prod";
        _world.GitHub.Faults.Add(Fault.On("GET", path).Status(302).WithHeader("Location", _world.GitHub.BaseUrl + path.TrimStart('/')));

        var report = await BlockedAsync();

        Assert.Contains(report.Stages, s => s.Name == StageNames.ResolveShas && s.Detail.Contains("HTTP 302", StringComparison.Ordinal));
        Assert.Equal(4, _world.GitHub.Requests.Count("GET", path));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x")]
    [InlineData("gopher://127.0.0.1:70/")]
    public async Task A_github_redirect_to_another_scheme_is_not_followed(string location)
    {
        _world.GitHub.Faults.Add(GitHubCalls.Compare.Fault().Status(302).WithHeader("Location", location));

        var report = await BlockedAsync();

        Assert.Contains(report.Stages, s => s.Name == StageNames.CheckAncestry && s.Detail.Contains("HTTP 302", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_staging_version_larger_than_the_cap_blocks_the_gate()
    {
        _world.Staging.Version.Respond(StagingResponse.Huge(256L * 1024 * 1024, declareLength: false));

        var report = await BlockedAsync();

        Assert.Contains(report.Stages, s => s.Name == StageNames.VerifyVersion && s.Detail.Contains("larger than 1 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_staging_redirect_loop_is_followed_three_times_and_then_blocks()
    {
        _world.Staging.Version.Respond(StagingResponse.Redirect(_world.Staging.VersionUrl.AbsoluteUri));

        var report = await BlockedAsync();

        Assert.Contains(report.Stages, s => s.Name == StageNames.VerifyVersion && s.Detail.Contains("302", StringComparison.Ordinal));
        // Two repositories, each: the request and three redirects.
        Assert.Equal(8, _world.Staging.Version.Requests);
    }

    private async Task<PromotionReport> BlockedAsync()
    {
        var originals = (_world["backend"].Emulated.Branch("prod"), _world["metadata"].Emulated.Branch("prod"));

        var result = await InProcessPromote.RunAsync(_world, PromoteArguments.Gate(), MatrixClient.For("none"));

        Assert.Equal(1, result.ExitCode);
        var report = result.EffectiveReport!;
        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Equal(originals, (_world["backend"].Emulated.Branch("prod"), _world["metadata"].Emulated.Branch("prod")));
        PromotionInvariants.AssertHolds(result);
        return report;
    }
}
