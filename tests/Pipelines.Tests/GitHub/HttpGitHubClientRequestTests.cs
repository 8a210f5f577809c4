using System.Net;
using System.Text;
using System.Text.Json;
using Pipelines.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>What the client sends for each call, and how it reads GitHub's answers.</summary>
public sealed class HttpGitHubClientRequestTests : IDisposable
{
    private readonly TestClients _clients = new();

    private IGitHubClient Client => _clients.Client;

    private ScriptedHandler Handler => _clients.Handler;

    private static RepositoryId Repo => TestClients.Repo;

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task Every_request_carries_bearer_token_accept_api_version_and_user_agent()
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        await Client.GetBranchHeadAsync(Repo, "prod");

        var headers = Handler.Requests.Single().Headers;
        Assert.Equal($"Bearer {TestClients.TokenValue}", headers["Authorization"]);
        Assert.Equal("application/vnd.github+json", headers["Accept"]);
        Assert.Equal("2022-11-28", headers["X-GitHub-Api-Version"]);
        Assert.Matches(@"^pipelines/\d+\.\d+", headers["User-Agent"]);
    }

    [Fact]
    public async Task Get_branch_head_reads_the_single_ref_endpoint_and_returns_the_sha()
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        var sha = await Client.GetBranchHeadAsync(Repo, "prod");

        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal("/repos/WXYC/Backend-Service/git/ref/heads/prod", Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Branch_names_are_escaped_per_segment_keeping_slashes()
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("release/2026-q1+hotfix#1%", TestClients.Sha1));

        await Client.GetBranchHeadAsync(Repo, "release/2026-q1+hotfix#1%");

        Assert.Equal("/repos/WXYC/Backend-Service/git/ref/heads/release/2026-q1%2Bhotfix%231%25", Handler.Requests.Single().PathAndQuery);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../admin")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("/lead")]
    [InlineData("trail/")]
    [InlineData(".hidden")]
    [InlineData("x.lock")]
    [InlineData("has space")]
    [InlineData("what?x=1")]
    [InlineData("tab\there")]
    [InlineData("a@{1}")]
    public async Task Invalid_branch_names_are_refused_before_any_request(string branch)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.GetBranchHeadAsync(Repo, branch));

        Assert.Empty(Handler.Requests);
    }

    [Fact]
    public async Task Api_url_with_a_path_prefix_is_appended_to()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://ghe.example/api/v3") });
        clients.Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        await clients.Client.GetBranchHeadAsync(Repo, "prod");

        Assert.Equal("https://ghe.example/api/v3/repos/WXYC/Backend-Service/git/ref/heads/prod", clients.Handler.Requests.Single().Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Get_branch_head_answers_null_on_404_only()
    {
        Handler.Respond(HttpStatusCode.NotFound, """{"message":"Not Found"}""");

        Assert.Null(await Client.GetBranchHeadAsync(Repo, "prod"));
    }

    [Fact]
    public async Task Get_branch_head_rejects_an_answer_about_another_ref()
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("production", TestClients.Sha1));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Client.GetBranchHeadAsync(Repo, "prod"));

        Assert.Contains("refs/heads/production", error.Message);
    }

    [Theory]
    [InlineData("identical", CommitRelation.Identical)]
    [InlineData("ahead", CommitRelation.Ahead)]
    [InlineData("behind", CommitRelation.Behind)]
    [InlineData("diverged", CommitRelation.Diverged)]
    public async Task Compare_maps_status_and_counts_and_asks_for_a_small_page(string status, CommitRelation relation)
    {
        Handler.Respond(HttpStatusCode.OK, $$"""{"status":"{{status}}","ahead_by":3,"behind_by":2,"total_commits":3,"commits":[]}""");

        var comparison = await Client.CompareAsync(Repo, TestClients.Sha1, TestClients.Sha2);

        Assert.Equal(new Comparison(relation, 3, 2), comparison);
        Assert.Equal($"/repos/WXYC/Backend-Service/compare/{TestClients.Sha1}...{TestClients.Sha2}?per_page=1", Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Compare_with_an_unknown_status_fails()
    {
        Handler.Respond(HttpStatusCode.OK, """{"status":"sideways","ahead_by":0,"behind_by":0}""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Client.CompareAsync(Repo, "main", "prod"));

        Assert.Contains("sideways", error.Message);
    }

    [Fact]
    public async Task Create_branch_posts_the_full_ref_and_sha()
    {
        Handler.Respond(HttpStatusCode.Created, TestClients.RefJson("prod", TestClients.Sha1));

        await Client.CreateBranchAsync(Repo, "prod", TestClients.Sha1);

        var request = Handler.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/repos/WXYC/Backend-Service/git/refs", request.PathAndQuery);
        AssertJson($$"""{"ref":"refs/heads/prod","sha":"{{TestClients.Sha1}}"}""", request.Body);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Update_branch_patches_the_ref_with_the_force_flag(bool force)
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha2));

        await Client.UpdateBranchAsync(Repo, "prod", TestClients.Sha2, force);

        var request = Handler.Requests.Single();
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/repos/WXYC/Backend-Service/git/refs/heads/prod", request.PathAndQuery);
        AssertJson($$"""{"sha":"{{TestClients.Sha2}}","force":{{(force ? "true" : "false")}}}""", request.Body);
    }

    [Fact]
    public async Task Update_branch_fails_when_github_reports_another_sha()
    {
        Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1));

        await Assert.ThrowsAsync<GitHubApiException>(() => Client.UpdateBranchAsync(Repo, "prod", TestClients.Sha2, force: false));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("11111111111111111111111111111111111111111")]
    public async Task Writes_refuse_anything_but_a_full_sha(string sha)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.UpdateBranchAsync(Repo, "prod", sha, force: false));

        Assert.Empty(Handler.Requests);
    }

    [Fact]
    public async Task Delete_branch_sends_delete_on_the_ref()
    {
        Handler.Respond(HttpStatusCode.NoContent);

        await Client.DeleteBranchAsync(Repo, "live-deploy/aws-verified");

        var request = Handler.Requests.Single();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/repos/WXYC/Backend-Service/git/refs/heads/live-deploy/aws-verified", request.PathAndQuery);
    }

    [Fact]
    public async Task List_comments_pages_until_a_short_page()
    {
        Handler.Respond(HttpStatusCode.OK, Comments(1, 100), ("Link", "<https://api.github.test/x?page=2>; rel=\"next\""));
        Handler.Respond(HttpStatusCode.OK, Comments(101, 5));

        var comments = await Client.ListIssueCommentsAsync(Repo, 42);

        Assert.Equal(105, comments.Count);
        Assert.Equal("comment 105", comments[^1].Body);
        Assert.Equal(
            ["/repos/WXYC/Backend-Service/issues/42/comments?per_page=100&page=1", "/repos/WXYC/Backend-Service/issues/42/comments?per_page=100&page=2"],
            Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task List_comments_stops_at_a_full_page_whose_link_header_has_no_next()
    {
        Handler.Respond(HttpStatusCode.OK, Comments(1, 100), ("Link", "<https://api.github.test/x?page=1>; rel=\"first\""));

        var comments = await Client.ListIssueCommentsAsync(Repo, 42);

        Assert.Equal(100, comments.Count);
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task Listing_refuses_to_return_a_partial_list_past_the_page_cap()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), MaxPages = 2 });
        clients.Handler.Respond(HttpStatusCode.OK, Comments(1, 100)).Respond(HttpStatusCode.OK, Comments(101, 100));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => clients.Client.ListIssueCommentsAsync(Repo, 42));

        Assert.Contains("more than 2 pages", error.Message);
    }

    [Fact]
    public async Task Create_comment_posts_the_body_and_returns_the_comment_url()
    {
        Handler.Respond(HttpStatusCode.Created, """{"id":7,"html_url":"https://github.com/WXYC/Backend-Service/issues/42#issuecomment-7","body":"hello"}""");

        var comment = await Client.CreateIssueCommentAsync(Repo, 42, "hello");

        Assert.Equal(new IssueComment(7, "hello", "https://github.com/WXYC/Backend-Service/issues/42#issuecomment-7"), comment);
        var request = Handler.Requests.Single();
        Assert.Equal("/repos/WXYC/Backend-Service/issues/42/comments", request.PathAndQuery);
        AssertJson("""{"body":"hello"}""", request.Body);
    }

    [Fact]
    public async Task List_open_issues_filters_by_label_and_drops_pull_requests()
    {
        Handler.Respond(HttpStatusCode.OK, """
            [
              {"number":5,"title":"aws is red","body":"b","state":"open","html_url":"https://github.com/o/r/issues/5","labels":[{"name":"live-deploy"}]},
              {"number":6,"title":"a PR","body":null,"state":"open","html_url":"https://github.com/o/r/pull/6","labels":[],"pull_request":{"url":"u"}}
            ]
            """);

        var issues = await Client.ListOpenIssuesAsync(Repo, "live-deploy");

        var issue = Assert.Single(issues);
        Assert.Equal(5, issue.Number);
        Assert.Equal(["live-deploy"], issue.Labels);
        Assert.Equal("/repos/WXYC/Backend-Service/issues?state=open&labels=live-deploy&per_page=100&page=1", Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Create_issue_posts_title_body_and_labels()
    {
        Handler.Respond(HttpStatusCode.Created, """{"number":9,"title":"t","body":"b","state":"open","html_url":"https://github.com/o/r/issues/9","labels":[{"name":"live-deploy"}]}""");

        var issue = await Client.CreateIssueAsync(Repo, "t", "b", ["live-deploy"]);

        Assert.Equal(9, issue.Number);
        AssertJson("""{"title":"t","body":"b","labels":["live-deploy"]}""", Handler.Requests.Single().Body);
    }

    [Fact]
    public async Task Close_issue_patches_state_closed()
    {
        Handler.Respond(HttpStatusCode.OK, """{"number":9,"title":"t","state":"closed","html_url":"u"}""");

        await Client.CloseIssueAsync(Repo, 9);

        var request = Handler.Requests.Single();
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/repos/WXYC/Backend-Service/issues/9", request.PathAndQuery);
        AssertJson("""{"state":"closed"}""", request.Body);
    }

    [Fact]
    public async Task Get_file_decodes_wrapped_base64_and_keeps_the_blob_sha()
    {
        var text = "{\n  \"status\": \"experimental\"\n}\n" + new string('x', 100);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var wrapped = string.Join("\\n", Enumerable.Range(0, (base64.Length + 59) / 60).Select(i => base64.Substring(i * 60, Math.Min(60, base64.Length - (i * 60)))));
        Handler.Respond(HttpStatusCode.OK, $$"""{"type":"file","encoding":"base64","path":"plugins/p/manifest.json","sha":"abc123","content":"{{wrapped}}\n"}""");

        var file = await Client.GetFileAsync(Repo, "plugins/p/manifest.json", "main");

        Assert.Equal(new RepositoryFile("plugins/p/manifest.json", "abc123", text), file);
        Assert.Equal("/repos/WXYC/Backend-Service/contents/plugins/p/manifest.json?ref=main", Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Get_file_answers_null_on_404()
    {
        Handler.Respond(HttpStatusCode.NotFound, """{"message":"Not Found"}""");

        Assert.Null(await Client.GetFileAsync(Repo, "missing.json", "main"));
    }

    [Fact]
    public async Task Get_file_on_a_directory_fails_clearly()
    {
        Handler.Respond(HttpStatusCode.OK, """[{"type":"file","path":"a/b","sha":"x"}]""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Client.GetFileAsync(Repo, "a", "main"));

        Assert.Contains("directory", error.Message);
    }

    [Fact]
    public async Task Get_file_too_large_for_the_contents_api_fails_clearly()
    {
        Handler.Respond(HttpStatusCode.OK, """{"type":"file","encoding":"none","path":"big.bin","sha":"x","content":""}""");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Client.GetFileAsync(Repo, "big.bin", "main"));

        Assert.Contains("not included", error.Message);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a//b")]
    [InlineData("/abs")]
    [InlineData("a/./b")]
    public async Task Invalid_file_paths_are_refused(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.GetFileAsync(Repo, path, "main"));

        Assert.Empty(Handler.Requests);
    }

    [Fact]
    public async Task Update_file_puts_base64_content_with_sha_and_branch()
    {
        Handler.Respond(HttpStatusCode.OK, """{"content":{"path":"m.json","sha":"new"},"commit":{"sha":"c0ffee"}}""");

        await Client.UpdateFileAsync(Repo, "plugins/p/manifest.json", "live-deploy/p-verified", "{\"status\":\"verified\"}", "oldblob", "Promote p");

        var request = Handler.Requests.Single();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/repos/WXYC/Backend-Service/contents/plugins/p/manifest.json", request.PathAndQuery);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal("Promote p", body.GetProperty("message").GetString());
        Assert.Equal("{\"status\":\"verified\"}", Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("content").GetString()!)));
        Assert.Equal("oldblob", body.GetProperty("sha").GetString());
        Assert.Equal("live-deploy/p-verified", body.GetProperty("branch").GetString());
    }

    [Fact]
    public async Task Update_file_without_a_blob_sha_creates_the_file()
    {
        Handler.Respond(HttpStatusCode.Created, """{"content":{"path":"m.json","sha":"new"},"commit":{"sha":"c0ffee"}}""");

        await Client.UpdateFileAsync(Repo, "new.json", "main", "{}", string.Empty, "Add");

        Assert.False(JsonDocument.Parse(Handler.Requests.Single().Body!).RootElement.TryGetProperty("sha", out _));
    }

    [Fact]
    public async Task List_open_pull_requests_filters_by_owner_qualified_head()
    {
        Handler.Respond(HttpStatusCode.OK, """[{"number":3,"title":"Promote","state":"open","html_url":"https://github.com/o/r/pull/3","head":{"ref":"live-deploy/aws-verified"},"base":{"ref":"main"}}]""");

        var pulls = await Client.ListOpenPullRequestsAsync(Repo, "live-deploy/aws-verified");

        Assert.Equal(new PullRequest(3, "Promote", "open", "https://github.com/o/r/pull/3", "live-deploy/aws-verified", "main"), Assert.Single(pulls));
        Assert.Equal("/repos/WXYC/Backend-Service/pulls?state=open&head=WXYC%3Alive-deploy%2Faws-verified&per_page=100&page=1", Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Create_pull_request_posts_title_head_base_body()
    {
        Handler.Respond(HttpStatusCode.Created, """{"number":4,"title":"t","state":"open","html_url":"https://github.com/o/r/pull/4","head":{"ref":"h"},"base":{"ref":"main"}}""");

        var pull = await Client.CreatePullRequestAsync(Repo, "t", "h", "main", "b");

        Assert.Equal(4, pull.Number);
        AssertJson("""{"title":"t","head":"h","base":"main","body":"b"}""", Handler.Requests.Single().Body);
    }

    private static string Comments(int first, int count) =>
        "[" + string.Join(',', Enumerable.Range(first, count).Select(i => $$"""{"id":{{i}},"html_url":"https://github.com/o/r/issues/42#issuecomment-{{i}}","body":"comment {{i}}"}""")) + "]";

    private static void AssertJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), $"expected {expected} but sent {actual}");
    }
}
