using System.Net;
using System.Text.Json;
using Pipelines.GitHub;
using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>The emulator behaves like GitHub where Pipelines depends on it, through raw HTTP and through the real client.</summary>
public sealed class GitHubEmulatorTests : IAsyncLifetime
{
    private readonly EmulatorHarness _harness = new();

    private static readonly RepositoryId Backend = RepositoryId.Parse(EmulatorHarness.Backend);

    public Task InitializeAsync() => _harness.InitializeAsync();

    public Task DisposeAsync() => _harness.DisposeAsync();

    private EmulatedRepository Repo => _harness.BackendRepo;

    [Fact]
    public void Commits_are_deterministic_40_hex_shas_with_parents()
    {
        var root = Repo.Commit();
        var child = Repo.Commit(root);

        Assert.Matches("^[0-9a-f]{40}$", root);
        Assert.Equal([root], Repo.Parents(child));
        Assert.True(Repo.IsAncestor(root, child));
        Assert.False(Repo.IsAncestor(child, root));
        Assert.Throws<ArgumentException>(() => Repo.Commit("0000000000000000000000000000000000000000"));
    }

    [Fact]
    public async Task A_fast_forward_update_moves_the_branch_and_logs_the_token_name()
    {
        var commits = Repo.Chain(null, 3);
        Repo.SetBranch("prod", commits[0]);

        await _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", commits[2], force: false);

        Assert.Equal(commits[2], Repo.Branch("prod"));
        var change = Repo.RefLog[^1];
        Assert.Equal(new RefChange("prod", commits[0], commits[2], false, "push-backend", change.Time), change);
    }

    [Fact]
    public async Task A_non_fast_forward_update_without_force_is_refused_with_422()
    {
        var root = Repo.Commit();
        var left = Repo.Commit(root);
        var right = Repo.Commit(root);
        Repo.SetBranch("prod", left);

        var (status, body, _) = await _harness.SendAsync(HttpMethod.Patch, "repos/WXYC/Backend-Service/git/refs/heads/prod", $$"""{"sha":"{{right}}"}""", _harness.BackendPushToken);
        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", root, force: false));

        Assert.Equal(422, status);
        Assert.Equal("Update is not a fast forward", Message(body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Equal(left, Repo.Branch("prod"));
    }

    [Fact]
    public async Task A_forced_update_may_move_a_branch_backwards()
    {
        var commits = Repo.Chain(null, 2);
        Repo.SetBranch("prod", commits[1]);

        await _harness.BackendPushClient.UpdateBranchAsync(Backend, "prod", commits[0], force: true);

        Assert.Equal(commits[0], Repo.Branch("prod"));
        Assert.True(Repo.RefLog[^1].Forced);
    }

    [Fact]
    public async Task Creating_refs_follows_githubs_rules()
    {
        var sha = Repo.Commit();
        Repo.SetBranch("main", sha);
        var token = _harness.BackendPushToken;

        var exists = await _harness.SendAsync(HttpMethod.Post, "repos/WXYC/Backend-Service/git/refs", $$"""{"ref":"refs/heads/main","sha":"{{sha}}"}""", token);
        var unknown = await _harness.SendAsync(HttpMethod.Post, "repos/WXYC/Backend-Service/git/refs", """{"ref":"refs/heads/x","sha":"abababababababababababababababababababab"}""", token);
        var badName = await _harness.SendAsync(HttpMethod.Post, "repos/WXYC/Backend-Service/git/refs", $$"""{"ref":"heads/x","sha":"{{sha}}"}""", token);
        var missingSha = await _harness.SendAsync(HttpMethod.Post, "repos/WXYC/Backend-Service/git/refs", """{"ref":"refs/heads/x"}""", token);
        var notJson = await _harness.SendAsync(HttpMethod.Post, "repos/WXYC/Backend-Service/git/refs", "{", token);
        await _harness.BackendPushClient.CreateBranchAsync(Backend, "prod", sha);

        Assert.Equal((422, "Reference already exists"), (exists.Status, Message(exists.Body)));
        Assert.Equal((422, "Object does not exist"), (unknown.Status, Message(unknown.Body)));
        Assert.Equal(422, badName.Status);
        Assert.Equal(422, missingSha.Status);
        Assert.Equal(400, notJson.Status);
        Assert.Equal(sha, Repo.Branch("prod"));
        Assert.Null(Repo.RefLog[^1].OldSha);
    }

    [Fact]
    public async Task Missing_refs_read_as_404_and_update_or_delete_as_422()
    {
        var sha = Repo.Commit();
        var token = _harness.BackendPushToken;

        var get = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/Backend-Service/git/ref/heads/prod", token: token);
        var patch = await _harness.SendAsync(HttpMethod.Patch, "repos/WXYC/Backend-Service/git/refs/heads/prod", $$"""{"sha":"{{sha}}"}""", token);
        var delete = await _harness.SendAsync(HttpMethod.Delete, "repos/WXYC/Backend-Service/git/refs/heads/prod", token: token);
        var unknownRepo = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/nope/git/ref/heads/prod", token: token);

        Assert.Equal(404, get.Status);
        Assert.Equal((422, "Reference does not exist"), (patch.Status, Message(patch.Body)));
        Assert.Equal((422, "Reference does not exist"), (delete.Status, Message(delete.Body)));
        Assert.Equal(404, unknownRepo.Status);
        Assert.Null(await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod"));
    }

    [Fact]
    public async Task Delete_removes_the_branch()
    {
        Repo.SetBranch("prod", Repo.Commit());

        await _harness.BackendPushClient.DeleteBranchAsync(Backend, "prod");

        Assert.Null(Repo.Branch("prod"));
        Assert.Null(Repo.RefLog[^1].NewSha);
    }

    [Fact]
    public async Task Branch_names_with_slashes_round_trip()
    {
        var sha = Repo.Commit();

        await _harness.BackendPushClient.CreateBranchAsync(Backend, "live-deploy/aws-verified", sha);

        Assert.Equal(sha, await _harness.ReadClient.GetBranchHeadAsync(Backend, "live-deploy/aws-verified"));
        Assert.Null(await _harness.ReadClient.GetBranchHeadAsync(Backend, "live-deploy"));
    }

    [Fact]
    public async Task Compare_reports_identical_ahead_behind_and_diverged_with_counts()
    {
        var line = Repo.Chain(null, 4);
        var side = Repo.Chain(line[1], 2);
        Repo.SetBranch("main", line[3]).SetBranch("prod", line[1]).SetBranch("side", side[1]);

        var identical = await _harness.ReadClient.CompareAsync(Backend, "main", line[3]);
        var ahead = await _harness.ReadClient.CompareAsync(Backend, "prod", "main");
        var behind = await _harness.ReadClient.CompareAsync(Backend, "main", "prod");
        var diverged = await _harness.ReadClient.CompareAsync(Backend, "main", "side");

        Assert.Equal(new Comparison(CommitRelation.Identical, 0, 0), identical);
        Assert.Equal(new Comparison(CommitRelation.Ahead, 2, 0), ahead);
        Assert.Equal(new Comparison(CommitRelation.Behind, 0, 2), behind);
        Assert.Equal(new Comparison(CommitRelation.Diverged, 2, 2), diverged);
    }

    [Fact]
    public async Task Compare_of_unknown_refs_is_404()
    {
        Repo.SetBranch("main", Repo.Commit());

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.CompareAsync(Backend, "main", "nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }

    [Fact]
    public async Task Requests_without_a_token_or_with_an_unknown_one_get_401()
    {
        var none = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/Backend-Service/git/ref/heads/main");
        var unknown = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/Backend-Service/git/ref/heads/main", token: new("X", "ghp_unknown"));

        Assert.Equal((401, "Requires authentication"), (none.Status, Message(none.Body)));
        Assert.Equal((401, "Bad credentials"), (unknown.Status, Message(unknown.Body)));
        Assert.All(_harness.Emulator.Requests.All, r => Assert.Null(r.TokenName));
    }

    [Fact]
    public async Task Writes_need_the_tokens_permission_on_that_repository()
    {
        var sha = _harness.MetadataRepo.Commit();
        _harness.MetadataRepo.SetBranch("main", sha);
        var metadata = RepositoryId.Parse(EmulatorHarness.Metadata);

        var readToken = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.CreateBranchAsync(metadata, "prod", sha));
        var otherRepoToken = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.BackendPushClient.CreateBranchAsync(metadata, "prod", sha));
        using var factory = _harness.CreateFactory();
        await factory.Create(_harness.MetadataPushToken).CreateBranchAsync(metadata, "prod", sha);

        Assert.Equal(HttpStatusCode.Forbidden, readToken.Status);
        Assert.Equal(HttpStatusCode.Forbidden, otherRepoToken.Status);
        Assert.Contains("Resource not accessible", otherRepoToken.Message);
        Assert.Equal(sha, _harness.MetadataRepo.Branch("prod"));
    }

    [Fact]
    public async Task An_issue_only_token_may_comment_but_not_push()
    {
        var tracker = RepositoryId.Parse(EmulatorHarness.Tracker);
        var number = _harness.TrackerRepo.AddIssue("Bypass audit");
        var sha = _harness.TrackerRepo.Commit();

        var comment = await _harness.ReadClient.CreateIssueCommentAsync(tracker, number, "entry");
        var push = await Assert.ThrowsAsync<GitHubApiException>(() => _harness.ReadClient.CreateBranchAsync(tracker, "x", sha));

        Assert.Equal("entry", Assert.Single(_harness.TrackerRepo.Comments(number)).Body);
        Assert.Equal($"{_harness.Emulator.WebUrl}WXYC/wxyc-shared/issues/{number}#issuecomment-{comment.Id}", comment.HtmlUrl);
        Assert.Equal(HttpStatusCode.Forbidden, push.Status);
    }

    [Fact]
    public async Task Comments_are_paginated_with_link_headers_and_the_client_reads_every_page()
    {
        var tracker = RepositoryId.Parse(EmulatorHarness.Tracker);
        var number = _harness.TrackerRepo.AddIssue("Audit");
        for (var i = 1; i <= 230; i++)
        {
            _harness.TrackerRepo.AddComment(number, $"entry {i}");
        }

        var firstPage = await _harness.SendAsync(HttpMethod.Get, $"repos/WXYC/wxyc-shared/issues/{number}/comments?per_page=100", token: _harness.ReadToken);
        var comments = await _harness.ReadClient.ListIssueCommentsAsync(tracker, number);

        Assert.Contains("rel=\"next\"", string.Join(",", firstPage.Response.Headers.GetValues("Link")));
        Assert.Equal(Enumerable.Range(1, 230).Select(i => $"entry {i}"), comments.Select(c => c.Body));
        // One raw request, then the client's three pages (100, 100, 30).
        Assert.Equal(4, _harness.Emulator.Requests.Count("GET", "/repos/*/*/issues/*/comments"));
    }

    [Fact]
    public async Task Issues_list_filters_by_label_and_state_and_includes_pull_requests_marked_as_such()
    {
        var repo = Repo;
        var labelled = repo.AddIssue("aws red", labels: ["live-deploy"]);
        repo.AddIssue("other", labels: ["bug"]);
        repo.AddIssue("closed", labels: ["live-deploy"], closed: true);
        repo.SetBranch("main", repo.Commit());
        repo.SetBranch("feature", repo.Commit(repo.Branch("main")!));
        var pull = repo.AddPullRequest("PR", "feature", "main");

        var raw = await _harness.SendAsync(HttpMethod.Get, "repos/WXYC/Backend-Service/issues?state=open", token: _harness.ReadToken);
        var issues = await _harness.ReadClient.ListOpenIssuesAsync(Backend, "live-deploy");

        var numbers = JsonDocument.Parse(raw.Body).RootElement.EnumerateArray().Select(i => (i.GetProperty("number").GetInt32(), i.TryGetProperty("pull_request", out _))).ToArray();
        Assert.Contains((pull, true), numbers);
        Assert.Contains((labelled, false), numbers);
        Assert.Equal([labelled], issues.Select(i => i.Number));
    }

    [Fact]
    public async Task Creating_and_closing_issues_through_the_client()
    {
        var issue = await _harness.BackendPushClient.CreateIssueAsync(Backend, "aws is red", "details", ["live-deploy"]);
        await _harness.BackendPushClient.CloseIssueAsync(Backend, issue.Number);

        Assert.Equal(["live-deploy"], issue.Labels);
        Assert.Equal($"{_harness.Emulator.WebUrl}WXYC/Backend-Service/issues/{issue.Number}", issue.HtmlUrl);
        Assert.Equal("closed", Repo.Issue(issue.Number)!.State);
        Assert.Equal("push-backend", Repo.Issue(issue.Number)!.Author);
    }

    [Fact]
    public async Task Issue_and_comment_bodies_over_65536_characters_are_refused()
    {
        var number = _harness.TrackerRepo.AddIssue("Audit");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() =>
            _harness.ReadClient.CreateIssueCommentAsync(RepositoryId.Parse(EmulatorHarness.Tracker), number, new string('x', 65537)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Empty(_harness.TrackerRepo.Comments(number));
    }

    [Fact]
    public async Task Contents_are_read_per_branch_and_updated_only_with_the_current_blob_sha()
    {
        const string Path = "plugins/workflow-plugin-aws/manifest.json";
        Repo.SetFile("main", Path, "{\n  \"status\": \"experimental\"\n}\n");
        await _harness.BackendPushClient.CreateBranchAsync(Backend, "live-deploy/aws-verified", Repo.Branch("main")!);
        var before = await _harness.ReadClient.GetFileAsync(Backend, Path, "live-deploy/aws-verified");

        var stale = await Assert.ThrowsAsync<GitHubApiException>(() =>
            _harness.BackendPushClient.UpdateFileAsync(Backend, Path, "live-deploy/aws-verified", "x", EmulatedRepository.BlobSha("other"), "m"));
        var missingSha = await Assert.ThrowsAsync<GitHubApiException>(() =>
            _harness.BackendPushClient.UpdateFileAsync(Backend, Path, "live-deploy/aws-verified", "x", string.Empty, "m"));
        await _harness.BackendPushClient.UpdateFileAsync(Backend, Path, "live-deploy/aws-verified", "{\n  \"status\": \"verified\"\n}\n", before!.BlobSha, "Promote aws");

        Assert.Equal("{\n  \"status\": \"experimental\"\n}\n", before.Content);
        Assert.Equal(EmulatedRepository.BlobSha(before.Content), before.BlobSha);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingSha.Status);
        Assert.Equal("{\n  \"status\": \"verified\"\n}\n", Repo.ReadFile("live-deploy/aws-verified", Path));
        Assert.Equal("{\n  \"status\": \"experimental\"\n}\n", Repo.ReadFile("main", Path));
        Assert.True(Repo.IsAncestor(Repo.Branch("main")!, Repo.Branch("live-deploy/aws-verified")!));
        Assert.Null(await _harness.ReadClient.GetFileAsync(Backend, "plugins/none.json", "main"));
    }

    [Fact]
    public async Task Pull_requests_share_issue_numbers_refuse_duplicates_and_close_through_issues()
    {
        Repo.SetFile("main", "m.json", "{}");
        var issue = Repo.AddIssue("existing");
        Repo.SetBranch("live-deploy/aws-verified", Repo.Branch("main")!);
        var nothingToMerge = await Assert.ThrowsAsync<GitHubApiException>(() =>
            _harness.BackendPushClient.CreatePullRequestAsync(Backend, "Promote", "live-deploy/aws-verified", "main", "body"));
        Repo.SetFile("live-deploy/aws-verified", "m.json", "{\"status\":\"verified\"}");

        var pull = await _harness.BackendPushClient.CreatePullRequestAsync(Backend, "Promote", "live-deploy/aws-verified", "main", "body");
        var duplicate = await Assert.ThrowsAsync<GitHubApiException>(() =>
            _harness.BackendPushClient.CreatePullRequestAsync(Backend, "Promote", "live-deploy/aws-verified", "main", "body"));
        var listed = await _harness.ReadClient.ListOpenPullRequestsAsync(Backend, "live-deploy/aws-verified");
        var otherHead = await _harness.ReadClient.ListOpenPullRequestsAsync(Backend, "live-deploy/gcp-verified");
        await _harness.BackendPushClient.CloseIssueAsync(Backend, pull.Number);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothingToMerge.Status);
        Assert.Equal(issue + 1, pull.Number);
        Assert.Equal(new PullRequest(pull.Number, "Promote", "open", $"{_harness.Emulator.WebUrl}WXYC/Backend-Service/pull/{pull.Number}", "live-deploy/aws-verified", "main"), pull);
        Assert.Contains("already exists", duplicate.Message);
        Assert.Equal([pull.Number], listed.Select(p => p.Number));
        Assert.Empty(otherHead);
        Assert.Equal("closed", Assert.Single(Repo.PullRequests).State);
        Assert.Empty(await _harness.ReadClient.ListOpenPullRequestsAsync(Backend, "live-deploy/aws-verified"));
    }

    [Fact]
    public async Task The_request_log_counts_calls_per_route_and_never_holds_a_token_value()
    {
        var sha = Repo.Commit();
        Repo.SetBranch("main", sha);

        await _harness.ReadClient.GetBranchHeadAsync(Backend, "main");
        await _harness.ReadClient.GetBranchHeadAsync(Backend, "prod");
        await _harness.BackendPushClient.CreateBranchAsync(Backend, "prod", sha);

        var log = _harness.Emulator.Requests;
        Assert.Equal(2, log.Count("GET", "/repos/*/*/git/ref/heads/**"));
        var write = Assert.Single(log.Writes);
        Assert.Equal(("POST /repos/{owner}/{repo}/git/refs", "push-backend", 201), (write.Route, write.TokenName, write.Status));
        var everything = string.Join("\n", log.All.Select(r => $"{r} {r.Body} {r.Query}"));
        foreach (var token in new[] { _harness.ReadToken, _harness.BackendPushToken })
        {
            Assert.DoesNotContain(token.Reveal(), everything);
        }
    }

    [Fact]
    public async Task An_api_path_prefix_like_github_enterprise_is_served_and_links_drop_it()
    {
        var harness = new EmulatorHarness { EmulatorOptions = new GitHubEmulatorOptions { PathPrefix = "/api/v3" } };
        await harness.InitializeAsync();
        try
        {
            var sha = harness.BackendRepo.Commit();
            harness.BackendRepo.SetBranch("main", sha);
            var number = harness.TrackerRepo.AddIssue("Audit");

            var head = await harness.ReadClient.GetBranchHeadAsync(Backend, "main");
            var comment = await harness.ReadClient.CreateIssueCommentAsync(RepositoryId.Parse(EmulatorHarness.Tracker), number, "x");
            var outsidePrefix = await harness.SendAsync(HttpMethod.Get, "/../repos/WXYC/Backend-Service/git/ref/heads/main", token: harness.ReadToken);

            Assert.EndsWith("/api/v3/", harness.Emulator.BaseUrl.AbsoluteUri);
            Assert.Equal(sha, head);
            Assert.StartsWith($"{harness.Emulator.WebUrl}WXYC/wxyc-shared/issues/{number}#", comment.HtmlUrl);
            Assert.Equal(GitHubWebUrl.FromApiUrl(harness.Emulator.BaseUrl), harness.Emulator.WebUrl);
            Assert.NotEqual(200, outsidePrefix.Status);
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    private static string? Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString();
}
