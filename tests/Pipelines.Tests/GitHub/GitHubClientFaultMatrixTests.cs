using Pipelines.GitHub;
using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>
/// The client's side of the fault matrix: each standard fault, injected once, on a read
/// (compare) and on a write (update ref), against the emulator. Reads ride out transient
/// faults; writes are sent once and fail, whether or not they landed.
/// </summary>
public sealed class GitHubClientFaultMatrixTests : IAsyncLifetime
{
    private static readonly RepositoryId Backend = RepositoryId.Parse(EmulatorHarness.Backend);

    private readonly EmulatorHarness _harness = new() { RequestTimeout = TimeSpan.FromMilliseconds(400) };
    private IReadOnlyList<string> _commits = [];

    public enum Outcome
    {
        RetriedThenSucceeded,
        FailedFast,
    }

    public async Task InitializeAsync()
    {
        await _harness.InitializeAsync();
        _commits = _harness.BackendRepo.Chain(null, 2);
        _harness.BackendRepo.SetBranch("prod", _commits[0]).SetBranch("main", _commits[1]);
    }

    public Task DisposeAsync() => _harness.DisposeAsync();

    public static TheoryData<string, Outcome> ReadCells => new()
    {
        { "500", Outcome.RetriedThenSucceeded },
        { "502", Outcome.RetriedThenSucceeded },
        { "503", Outcome.RetriedThenSucceeded },
        { "429-retry-after", Outcome.RetriedThenSucceeded },
        { "403-rate-limit", Outcome.RetriedThenSucceeded },
        { "hang", Outcome.RetriedThenSucceeded },
        { "reset-before-apply", Outcome.RetriedThenSucceeded },
        { "reset-after-apply", Outcome.RetriedThenSucceeded },
        { "403-permission", Outcome.FailedFast },
        { "401", Outcome.FailedFast },
        { "404", Outcome.FailedFast },
        { "422", Outcome.FailedFast },
        { "malformed-json", Outcome.FailedFast },
        { "wrong-shape", Outcome.FailedFast },
    };

    [Theory]
    [MemberData(nameof(ReadCells))]
    public async Task A_read_under_each_fault(string fault, Outcome expected)
    {
        _harness.Emulator.Faults.Add(StandardFaults.For(GitHubCalls.Compare, fault, hangFor: TimeSpan.FromSeconds(5)).Once());

        var call = _harness.ReadClient.CompareAsync(Backend, "prod", "main");

        if (expected == Outcome.RetriedThenSucceeded)
        {
            Assert.Equal(CommitRelation.Ahead, (await call).Relation);
            Assert.Equal(2, _harness.Emulator.Requests.Count(GitHubCalls.Compare.Method, GitHubCalls.Compare.PathPattern));
        }
        else
        {
            var error = await Assert.ThrowsAsync<GitHubApiException>(() => call);
            Assert.Equal("compare WXYC/Backend-Service prod...main", error.Operation);
            Assert.Equal(1, _harness.Emulator.Requests.Count(GitHubCalls.Compare.Method, GitHubCalls.Compare.PathPattern));
        }
    }

    public static TheoryData<string, bool> WriteCells => new()
    {
        // fault, whether the write landed despite the error
        { "500", false },
        { "502", false },
        { "503", false },
        { "429-retry-after", false },
        { "403-rate-limit", false },
        { "403-permission", false },
        { "401", false },
        { "404", false },
        { "422", false },
        { "hang", false },
        { "reset-before-apply", false },
        { "reset-after-apply", true },
        { "malformed-json", true },
        { "wrong-shape", true },
    };

    [Theory]
    [MemberData(nameof(WriteCells))]
    public async Task A_write_under_each_fault_is_sent_once_and_fails(string fault, bool landed)
    {
        _harness.Emulator.Faults.Add(StandardFaults.For(GitHubCalls.UpdateRef, fault, hangFor: TimeSpan.FromSeconds(5)).Once());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", _commits[1], force: false));

        Assert.Equal("update branch WXYC/Backend-Service:prod", error.Operation);
        Assert.Equal(1, _harness.Emulator.Requests.Count(GitHubCalls.UpdateRef.Method, GitHubCalls.UpdateRef.PathPattern));
        Assert.Equal(landed ? _commits[1] : _commits[0], await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));
        Assert.DoesNotContain(_harness.BackendPushToken.Reveal(), error.ToString());
    }

    [Fact]
    public void Every_standard_fault_name_builds_a_fault_for_every_call()
    {
        foreach (var call in GitHubCalls.All)
        {
            foreach (var name in StandardFaults.Names)
            {
                var fault = StandardFaults.For(call, name);
                Assert.Equal((call.Method, call.PathPattern), (fault.Method, fault.PathPattern));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => StandardFaults.For(GitHubCalls.Compare, "teapot"));
    }
}
