using System.Net;
using System.Text;
using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub.Contract;

/// <summary>
/// Every request HttpGitHubClient makes that tests/contract/github-rest-subset.openapi.json
/// covers, validated by Stoplight Prism against GitHub's official description: Prism answers
/// a valid request with GitHub's example and rejects an invalid one with 422/400/404 and an
/// <c>sl-violations</c> header. Branch names and paths are single segments because a mock
/// cannot match a slash inside a path parameter. DELETE of a ref is not in the subset.
/// </summary>
public sealed class GitHubContractTests : IClassFixture<PrismFixture>, IDisposable
{
    // The examples in GitHub's description.
    private const string ExampleSha = "aa218f56b14c9653891f9e74264a383fa43fefbd";
    private const string ExampleBranch = "featureA";

    private static readonly RepositoryId Repo = new("octocat", "Hello-World");

    private readonly PrismFixture _prism;
    private readonly ContractRecordingHandler _handler = new();
    private readonly GitHubClientFactory _factory;
    private readonly IGitHubClient _client;

    public GitHubContractTests(PrismFixture prism)
    {
        _prism = prism;
        _factory = new GitHubClientFactory(
            new GitHubClientOptions { ApiUrl = prism.BaseUrl, Retry = GitHubRetryOptions.None, RequestTimeout = TimeSpan.FromSeconds(30) },
            _handler);
        _client = _factory.Create(new Secret("GITHUB_TOKEN", "ghp_contractTestToken0123"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task Get_branch_head()
    {
        var sha = await _client.GetBranchHeadAsync(Repo, ExampleBranch);

        Assert.Equal(ExampleSha, sha);
        AssertAccepted("GET", "/repos/octocat/Hello-World/git/ref/heads/featureA");
    }

    [Fact]
    public async Task Get_repository_node_id()
    {
        var nodeId = await _client.GetRepositoryNodeIdAsync(Repo);

        Assert.Equal("MDEwOlJlcG9zaXRvcnkxMjk2MjY5", nodeId);
        AssertAccepted("GET", "/repos/octocat/Hello-World");
    }

    [Fact]
    public async Task Get_the_authenticated_users_login()
    {
        var login = await _client.GetAuthenticatedLoginAsync();

        Assert.Equal("octocat", login);
        AssertAccepted("GET", "/user");
    }

    [Fact]
    public async Task Compare()
    {
        var comparison = await _client.CompareAsync(Repo, ExampleSha, "0328041d1152db8ae77652d1618a02e57f745f17");

        Assert.Equal(new Comparison(CommitRelation.Behind, 1, 2), comparison);
        AssertAccepted("GET", $"/repos/octocat/Hello-World/compare/{ExampleSha}...0328041d1152db8ae77652d1618a02e57f745f17?per_page=1");
    }

    [Fact]
    public async Task Create_branch()
    {
        await _client.CreateBranchAsync(Repo, ExampleBranch, ExampleSha);

        AssertAccepted("POST", "/repos/octocat/Hello-World/git/refs");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Update_branch(bool force)
    {
        await _client.UpdateBranchAsync(Repo, ExampleBranch, ExampleSha, force);

        AssertAccepted("PATCH", "/repos/octocat/Hello-World/git/refs/heads/featureA");
    }

    [Fact]
    public async Task List_issue_comments()
    {
        var comments = await _client.ListIssueCommentsAsync(Repo, 1347);

        Assert.Equal(new IssueComment(1, "Me too", "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1", "octocat"), Assert.Single(comments));
        AssertAccepted("GET", "/repos/octocat/Hello-World/issues/1347/comments?per_page=100&page=1");
    }

    [Fact]
    public async Task Create_issue_comment()
    {
        var comment = await _client.CreateIssueCommentAsync(Repo, 1347, "Bypass by alice\n```\njustification\n```");

        Assert.Equal("https://github.com/octocat/Hello-World/issues/1347#issuecomment-1", comment.HtmlUrl);
        AssertAccepted("POST", "/repos/octocat/Hello-World/issues/1347/comments");
    }

    [Fact]
    public async Task List_open_issues_excludes_the_example_which_is_a_pull_request()
    {
        var issues = await _client.ListOpenIssuesAsync(Repo, "live-deploy");

        Assert.Empty(issues);
        AssertAccepted("GET", "/repos/octocat/Hello-World/issues?state=open&labels=live-deploy&per_page=100&page=1");
    }

    [Fact]
    public async Task Create_issue()
    {
        var issue = await _client.CreateIssueAsync(Repo, "aws: live-deploy red", "details", ["live-deploy"]);

        Assert.Equal(1347, issue.Number);
        Assert.Equal("https://github.com/octocat/Hello-World/issues/1347", issue.HtmlUrl);
        AssertAccepted("POST", "/repos/octocat/Hello-World/issues");
    }

    [Fact]
    public async Task Close_issue()
    {
        await _client.CloseIssueAsync(Repo, 1347);

        AssertAccepted("PATCH", "/repos/octocat/Hello-World/issues/1347");
    }

    [Fact]
    public async Task Get_file_request_is_valid_and_the_broken_example_content_is_reported_not_crashed_on()
    {
        // GitHub's example for this response holds a literal backslash-n inside its base64
        // content (an upstream defect), so the honest outcome is a clear decoding error after
        // Prism accepted the request.
        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _client.GetFileAsync(Repo, "README.md", "main"));

        Assert.Equal(HttpStatusCode.OK, error.Status);
        Assert.Contains("not valid base64", error.Message);
        AssertAccepted("GET", "/repos/octocat/Hello-World/contents/README.md?ref=main");
    }

    [Fact]
    public async Task Update_file()
    {
        await _client.UpdateFileAsync(Repo, "manifest.json", "live-deploy-aws", "{\"status\":\"verified\"}", "95b966ae1c166bd92f8ae7d1c313e738c731dfc3", "Promote aws to verified");

        AssertAccepted("PUT", "/repos/octocat/Hello-World/contents/manifest.json");
    }

    [Fact]
    public async Task List_open_pull_requests()
    {
        var pulls = await _client.ListOpenPullRequestsAsync(Repo, "new-topic");

        Assert.Equal(new PullRequest(1347, "Amazing new feature", "open", "https://github.com/octocat/Hello-World/pull/1347", "new-topic", "master"), Assert.Single(pulls));
        AssertAccepted("GET", "/repos/octocat/Hello-World/pulls?state=open&head=octocat%3Anew-topic&per_page=100&page=1");
    }

    [Fact]
    public async Task Create_pull_request()
    {
        var pull = await _client.CreatePullRequestAsync(Repo, "Promote aws to verified", "new-topic", "master", "Validated by run 42");

        Assert.Equal(1347, pull.Number);
        AssertAccepted("POST", "/repos/octocat/Hello-World/pulls");
    }

    [Fact]
    public async Task Prism_rejects_a_create_ref_without_sha()
    {
        var (status, violations) = await SendRawAsync(HttpMethod.Post, "repos/octocat/Hello-World/git/refs", """{"ref":"refs/heads/featureA"}""");

        Assert.Equal(422, status);
        Assert.Contains("sha", violations);
    }

    [Fact]
    public async Task Prism_rejects_a_ref_update_whose_force_flag_is_not_a_boolean()
    {
        var (status, violations) = await SendRawAsync(HttpMethod.Patch, "repos/octocat/Hello-World/git/refs/heads/featureA", """{"sha":"aa218f56b14c9653891f9e74264a383fa43fefbd","force":"yes"}""");

        Assert.Equal(422, status);
        Assert.Contains("force", violations);
    }

    private void AssertAccepted(string method, string pathAndQuery)
    {
        var exchange = Assert.Single(_handler.Exchanges);
        Assert.Equal((method, pathAndQuery), (exchange.Method, exchange.PathAndQuery));
        Assert.Equal("application/vnd.github+json", exchange.AcceptSent);
        Assert.True(exchange.RequestViolations.Count == 0, $"Prism found contract violations: {exchange.Violations}");
        Assert.InRange(exchange.Status, 200, 299);
    }

    private async Task<(int Status, string Violations)> SendRawAsync(HttpMethod method, string path, string json)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(_prism.BaseUrl, path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = new("Bearer", "ghp_contractTestToken0123");
        using var response = await http.SendAsync(request);
        var violations = response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(" ", values) : string.Empty;
        return ((int)response.StatusCode, violations);
    }
}
