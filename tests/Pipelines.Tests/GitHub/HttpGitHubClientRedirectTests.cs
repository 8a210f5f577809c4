using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub;

/// <summary>The factory's own handler against a real loopback server that redirects.</summary>
public sealed class HttpGitHubClientRedirectTests : IAsyncLifetime
{
    private readonly List<(string Path, bool HadAuthorization)> _seen = [];
    private WebApplication _server = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(context =>
        {
            lock (_seen)
            {
                _seen.Add((context.Request.Path.Value!, context.Request.Headers.Authorization.Count > 0));
            }

            var path = context.Request.Path.Value!;
            if (path.StartsWith("/loop/", StringComparison.Ordinal))
            {
                var hop = int.Parse(path["/loop/".Length..].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Redirect($"/loop/{hop + 1}/repos/o/r/git/ref/heads/prod");
                return Task.CompletedTask;
            }

            if (path.StartsWith("/to-file/", StringComparison.Ordinal))
            {
                context.Response.Redirect("file:///etc/passwd");
                return Task.CompletedTask;
            }

            if (path.StartsWith("/once/", StringComparison.Ordinal))
            {
                context.Response.Redirect("/final/repos/o/r/git/ref/heads/prod");
                return Task.CompletedTask;
            }

            if (path.StartsWith("/elsewhere/", StringComparison.Ordinal))
            {
                // Same server, other origin (host name differs): the token must not follow.
                context.Response.Redirect($"http://localhost:{context.Connection.LocalPort}/final/repos/o/r/git/ref/heads/prod");
                return Task.CompletedTask;
            }

            if (path.StartsWith("/write-307/", StringComparison.Ordinal) || path.StartsWith("/write-302/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = path.StartsWith("/write-307/", StringComparison.Ordinal) ? 307 : 302;
                context.Response.Headers.Location = "/final/repos/o/r/git/refs/heads/prod";
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(TestClients.RefJson("prod", TestClients.Sha1));
        });
        await _server.StartAsync();
        _baseUrl = new Uri(_server.Urls.First());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task At_most_three_redirects_are_followed()
    {
        using var factory = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "loop/0"), Retry = GitHubRetryOptions.None });

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => factory.Create(Token).GetBranchHeadAsync(new RepositoryId("o", "r"), "prod"));

        Assert.Equal(HttpStatusCode.Found, error.Status);
        Assert.Equal(4, _seen.Count);
    }

    [Fact]
    public async Task A_redirect_to_a_non_http_scheme_is_not_followed()
    {
        using var factory = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "to-file"), Retry = GitHubRetryOptions.None });

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => factory.Create(Token).GetBranchHeadAsync(new RepositoryId("o", "r"), "prod"));

        Assert.Equal(HttpStatusCode.Found, error.Status);
        Assert.Single(_seen);
    }

    [Fact]
    public async Task A_same_origin_redirect_keeps_the_token_like_githubs_renamed_repositories_need()
    {
        using var factory = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "once"), Retry = GitHubRetryOptions.None });

        var sha = await factory.Create(Token).GetBranchHeadAsync(new RepositoryId("o", "r"), "prod");

        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal([("/once/repos/o/r/git/ref/heads/prod", true), ("/final/repos/o/r/git/ref/heads/prod", true)], _seen);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_does_not_carry_the_token()
    {
        using var factory = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "elsewhere"), Retry = GitHubRetryOptions.None });

        var sha = await factory.Create(Token).GetBranchHeadAsync(new RepositoryId("o", "r"), "prod");

        Assert.Equal(TestClients.Sha1, sha);
        Assert.Equal([("/elsewhere/repos/o/r/git/ref/heads/prod", true), ("/final/repos/o/r/git/ref/heads/prod", false)], _seen);
    }

    [Fact]
    public async Task A_write_follows_307_with_its_body_but_not_302()
    {
        using var follows = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "write-307"), Retry = GitHubRetryOptions.None });
        using var stops = new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri(_baseUrl, "write-302"), Retry = GitHubRetryOptions.None });

        // The final answer is a ref at Sha1, so an update to Sha1 succeeds only if the PATCH reached it.
        await follows.Create(Token).UpdateBranchAsync(new RepositoryId("o", "r"), "prod", TestClients.Sha1, force: false);
        var error = await Assert.ThrowsAsync<GitHubApiException>(() => stops.Create(Token).UpdateBranchAsync(new RepositoryId("o", "r"), "prod", TestClients.Sha1, force: false));

        Assert.Equal(HttpStatusCode.Found, error.Status);
        Assert.Equal(["/write-307/repos/o/r/git/refs/heads/prod", "/final/repos/o/r/git/refs/heads/prod", "/write-302/repos/o/r/git/refs/heads/prod"], _seen.Select(s => s.Path));
    }

    [Fact]
    public void Options_refuse_a_non_http_api_url()
    {
        Assert.Throws<ArgumentException>(() => new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri("file:///tmp/x") }));
        Assert.Throws<ArgumentException>(() => new GitHubClientFactory(new GitHubClientOptions { ApiUrl = new Uri("https://user:pw@api.github.com/") }));
    }

    private static Secret Token => new("GITHUB_TOKEN", "ghp_redirectTestToken01");
}
