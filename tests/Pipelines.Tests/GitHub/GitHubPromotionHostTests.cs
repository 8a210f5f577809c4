using Pipelines.Configuration;
using Pipelines.GitHub;
using Pipelines.Promotion;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub;

/// <summary>The promote gate's GitHub host against the emulator: which token does what, and the audit trail.</summary>
public sealed class GitHubPromotionHostTests : IAsyncLifetime
{
    private readonly EmulatorHarness _harness = new();
    private GitHubPromotionHost _host = null!;

    public async Task InitializeAsync()
    {
        await _harness.InitializeAsync();
        var pushTokens = new Dictionary<string, Secret>
        {
            [EmulatorHarness.Backend] = _harness.BackendPushToken,
            [EmulatorHarness.Metadata] = _harness.MetadataPushToken,
        };
        _host = new GitHubPromotionHost(_harness.Factory, _harness.ReadToken, pushTokens, _harness.Emulator.BaseUrl);
    }

    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Reads_use_the_read_token_and_each_repos_writes_use_only_its_push_token()
    {
        var backendCommits = _harness.BackendRepo.Chain(null, 2);
        _harness.BackendRepo.SetBranch("main", backendCommits[1]).SetBranch("prod", backendCommits[0]);
        var metadataCommit = _harness.MetadataRepo.Commit();
        _harness.MetadataRepo.SetBranch("main", metadataCommit);
        var backend = _host.OpenRepository(Settings("backend", EmulatorHarness.Backend));
        var metadata = _host.OpenRepository(Settings("metadata", EmulatorHarness.Metadata));

        var backendFrom = await backend.GetHeadAsync("main", default);
        var backendTo = await backend.GetHeadAsync("prod", default);
        var metadataTo = await metadata.GetHeadAsync("prod", default);
        var relation = await backend.CompareAsync(backendTo!, backendFrom!, default);
        await backend.UpdateAsync("prod", backendTo!, backendFrom!, force: false, default);
        await metadata.CreateAsync("prod", metadataCommit, default);

        Assert.Equal(CommitRelation.Ahead, relation);
        Assert.Null(metadataTo);
        Assert.Equal(backendCommits[1], _harness.BackendRepo.Branch("prod"));
        Assert.Equal(metadataCommit, _harness.MetadataRepo.Branch("prod"));
        var requests = _harness.Emulator.Requests.All;
        Assert.All(requests.Where(r => !r.IsWrite), r => Assert.Equal("read", r.TokenName));
        Assert.Equal(
            [("PATCH", "/repos/WXYC/Backend-Service/git/refs/heads/prod", "push-backend"), ("POST", "/repos/WXYC/metadata/git/refs", "push-metadata")],
            requests.Where(r => r.IsWrite).Select(r => (r.Method, r.Path, r.TokenName)));
    }

    [Fact]
    public async Task A_forced_update_and_a_delete_are_compare_and_swaps_through_graphql_update_refs()
    {
        var commits = _harness.BackendRepo.Chain(null, 2);
        _harness.BackendRepo.SetBranch("prod", commits[1]).SetBranch("seeded", commits[1]);
        var backend = _host.OpenRepository(Settings("backend", EmulatorHarness.Backend));

        await backend.UpdateAsync("prod", commits[1], commits[0], force: true, default);
        await backend.DeleteAsync("seeded", commits[1], default);

        Assert.Equal(commits[0], _harness.BackendRepo.Branch("prod"));
        Assert.Null(_harness.BackendRepo.Branch("seeded"));
        var mutations = _harness.Emulator.Requests.Matching("POST", "/graphql");
        Assert.Equal(2, mutations.Count);
        Assert.Contains($"\"beforeOid\":\"{commits[1]}\"", mutations[0].Body);
        Assert.Contains("\"afterOid\":\"0000000000000000000000000000000000000000\"", mutations[1].Body);
        // The repository's node id is looked up once, and no REST ref write is sent.
        Assert.Equal(1, _harness.Emulator.Requests.Count("GET", "/repos/*/*"));
        Assert.Empty(_harness.Emulator.Requests.Matching("PATCH", "/**"));
        Assert.Empty(_harness.Emulator.Requests.Matching("DELETE", "/**"));
    }

    [Fact]
    public async Task A_forced_update_is_refused_when_the_branch_is_no_longer_where_the_caller_expects()
    {
        var commits = _harness.BackendRepo.Chain(null, 3);
        _harness.BackendRepo.SetBranch("prod", commits[2]);
        var backend = _host.OpenRepository(Settings("backend", EmulatorHarness.Backend));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => backend.UpdateAsync("prod", commits[1], commits[0], force: true, default));

        Assert.Contains("GraphQL", error.Message);
        Assert.Equal(commits[2], _harness.BackendRepo.Branch("prod"));
    }

    [Fact]
    public async Task A_non_fast_forward_update_is_refused_by_github_and_surfaces_as_an_api_error()
    {
        var root = _harness.BackendRepo.Commit();
        var left = _harness.BackendRepo.Commit(root);
        var right = _harness.BackendRepo.Commit(root);
        _harness.BackendRepo.SetBranch("prod", left);
        var backend = _host.OpenRepository(Settings("backend", EmulatorHarness.Backend));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => backend.UpdateAsync("prod", left, right, force: false, default));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Equal(left, _harness.BackendRepo.Branch("prod"));
    }

    [Fact]
    public void Display_name_is_the_repository()
    {
        Assert.Equal(EmulatorHarness.Backend, _host.OpenRepository(Settings("backend", EmulatorHarness.Backend)).DisplayName);
    }

    [Fact]
    public void A_repository_that_is_not_owner_slash_name_is_a_configuration_error()
    {
        Assert.Throws<ConfigurationException>(() => _host.OpenRepository(Settings("bad", "not a repo")));
    }

    [Fact]
    public async Task Without_a_push_token_reads_work_and_the_first_write_is_a_configuration_error()
    {
        var sha = _harness.BackendRepo.Commit();
        _harness.BackendRepo.SetBranch("main", sha);
        var host = new GitHubPromotionHost(_harness.Factory, _harness.ReadToken, new Dictionary<string, Secret>(), _harness.Emulator.BaseUrl);
        var repo = host.OpenRepository(Settings("backend", EmulatorHarness.Backend));

        var head = await repo.GetHeadAsync("main", default);
        var write = await Assert.ThrowsAsync<ConfigurationException>(() => repo.CreateAsync("prod", sha, default));

        Assert.Equal(sha, head);
        Assert.Contains("push-token-env", write.Message);
        Assert.Empty(_harness.Emulator.Requests.Writes);
    }

    [Fact]
    public async Task Push_tokens_may_be_keyed_by_the_repos_report_name()
    {
        var sha = _harness.BackendRepo.Commit();
        var host = new GitHubPromotionHost(_harness.Factory, _harness.ReadToken, new Dictionary<string, Secret> { ["backend"] = _harness.BackendPushToken }, _harness.Emulator.BaseUrl);

        await host.OpenRepository(Settings("backend", EmulatorHarness.Backend)).CreateAsync("prod", sha, default);

        Assert.Equal("push-backend", _harness.Emulator.Requests.Writes.Single().TokenName);
    }

    [Fact]
    public void Without_bypass_settings_there_is_no_tracker()
    {
        Assert.Null(_host.OpenTracker(null));
        Assert.Throws<ConfigurationException>(() => _host.OpenTracker(new BypassSettings("WXYC/wxyc-shared")));
    }

    [Fact]
    public async Task The_audit_trail_is_the_tracker_issue_posted_to_with_the_read_token()
    {
        var number = _harness.TrackerRepo.AddIssue("Promotion bypass audit");
        _harness.TrackerRepo.AddComment(number, "an unrelated comment");
        var trail = _host.OpenTracker(new BypassSettings($"{EmulatorHarness.Tracker}#{number}"))!;

        var before = await trail.ContainsAsync("<!-- pipelines-run:123 -->", "read", default);
        var url = await trail.AppendAsync("<!-- pipelines-run:123 -->\nBypass by alice", default);
        var after = await trail.ContainsAsync("<!-- pipelines-run:123 -->", "read", default);
        var otherRun = await trail.ContainsAsync("<!-- pipelines-run:124 -->", "read", default);

        Assert.Equal($"{_harness.Emulator.WebUrl}WXYC/wxyc-shared/issues/{number}", trail.Location);
        Assert.False(before);
        Assert.True(after);
        Assert.False(otherRun);
        var comment = _harness.TrackerRepo.Comments(number)[^1];
        Assert.Equal(comment.HtmlUrl, url);
        Assert.Equal("read", comment.Author);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://github.com/WXYC/wxyc-shared/issues/42")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/WXYC/wxyc-shared/issues/42")]
    [InlineData("https://ghe.example.com/api/v3/", "https://ghe.example.com/WXYC/wxyc-shared/issues/42")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/WXYC/wxyc-shared/issues/42")]
    public void The_tracker_location_is_the_web_address_of_the_issue(string apiUrl, string expected)
    {
        var host = new GitHubPromotionHost(_harness.Factory, _harness.ReadToken, _ => _harness.ReadToken, new Uri(apiUrl));

        Assert.Equal(expected, host.OpenTracker(new BypassSettings("WXYC/wxyc-shared#42"))!.Location);
    }

    [Fact]
    public async Task The_push_token_function_is_asked_per_repository()
    {
        var asked = new List<string>();
        var host = new GitHubPromotionHost(_harness.Factory, _harness.ReadToken, repo =>
        {
            asked.Add(repo.PushTokenEnv);
            return repo.Repo == EmulatorHarness.Backend ? _harness.BackendPushToken : _harness.MetadataPushToken;
        }, _harness.Emulator.BaseUrl);
        var sha = _harness.MetadataRepo.Commit();

        await host.OpenRepository(Settings("metadata", EmulatorHarness.Metadata, "PUSH_MD")).CreateAsync("prod", sha, default);

        Assert.Equal(["PUSH_MD"], asked);
        Assert.Equal("push-metadata", _harness.Emulator.Requests.Writes.Single().TokenName);
    }

    private static RepoSettings Settings(string name, string repo, string pushTokenEnv = "PUSH") =>
        new(name, repo, "main", "prod", pushTokenEnv, new Uri("http://127.0.0.1:1/health"), new Uri("http://127.0.0.1:1/version"), "sha");
}
