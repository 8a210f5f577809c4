using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipelines.Git;
using Pipelines.Security;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Git;

public sealed class GitCliCloneTests : IDisposable
{
    private static readonly Secret Token = new("PLUGIN_TOKEN", "ghs_cloneTokenValue1234567890");
    private static readonly string BasicCredential = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token.Reveal()}"));

    private readonly TempGitRepository _source = TempGitRepository.MainAheadOfProd();
    private readonly TempDirectory _target = new("pipelines-clone");
    private readonly RecordingProcessRunner _runner = new();
    private readonly GitCli _git;

    public GitCliCloneTests() => _git = new GitCli(_runner);

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task Clones_one_commit_of_the_requested_branch()
    {
        var directory = _target.Combine("checkout");

        await _git.CloneShallowAsync(new Uri(_source.Path).AbsoluteUri, "prod", directory, token: null);

        Assert.Equal(_source.Head("prod"), await _git.GetHeadAsync(directory));
        Assert.True(File.Exists(Path.Combine(directory, ".git", "shallow")), "the clone is not shallow");
        var clone = _runner.Commands.First();
        string[] expected = ["clone", "--depth", "1", "--branch", "prod", "--", new Uri(_source.Path).AbsoluteUri, directory];
        Assert.Equal(expected, clone.Arguments.ToArray());
    }

    [Fact]
    public async Task A_token_travels_only_in_the_environment_and_never_lands_in_the_clone()
    {
        var directory = _target.Combine("checkout");

        await _git.CloneShallowAsync(new Uri(_source.Path).AbsoluteUri, "main", directory, Token);

        var clone = _runner.Commands.First();
        Assert.DoesNotContain(clone.Arguments, a => a.Contains(Token.Reveal(), StringComparison.Ordinal) || a.Contains(BasicCredential, StringComparison.Ordinal));
        Assert.DoesNotContain(Token.Reveal(), clone.ToString());
        Assert.Contains(new KeyValuePair<string, string>("GIT_CONFIG_KEY_1", "http.extraHeader"), clone.Environment);
        Assert.Contains(new KeyValuePair<string, string>("GIT_CONFIG_VALUE_1", $"Authorization: Basic {BasicCredential}"), clone.Environment);
        var config = await File.ReadAllTextAsync(Path.Combine(directory, ".git", "config"));
        Assert.DoesNotContain(Token.Reveal(), config);
        Assert.DoesNotContain(BasicCredential, config);
        Assert.DoesNotContain("extraheader", config, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token.Reveal(), string.Join('\n', Directory.EnumerateFiles(Path.Combine(directory, ".git")).Where(f => !f.EndsWith("index", StringComparison.Ordinal)).Select(File.ReadAllText)));
    }

    [Fact]
    public async Task Over_HTTP_the_token_is_sent_as_a_basic_authorization_header_and_kept_out_of_errors()
    {
        await using var server = await GitHttpServer.StartAsync(redirect: false);

        var thrown = await Assert.ThrowsAsync<GitException>(
            () => _git.CloneShallowAsync($"{server.BaseUrl}owner/plugin", "main", _target.Combine("checkout"), Token));

        Assert.Contains($"Basic {BasicCredential}", server.AuthorizationHeaders);
        Assert.DoesNotContain(Token.Reveal(), thrown.Message);
        Assert.DoesNotContain(BasicCredential, thrown.Message);
        Assert.DoesNotContain(thrown.ErrorOutput, l => l.Contains(Token.Reveal(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_token_a_redirect_is_not_followed()
    {
        await using var server = await GitHttpServer.StartAsync(redirect: true);

        await Assert.ThrowsAsync<GitException>(
            () => _git.CloneShallowAsync($"{server.BaseUrl}owner/plugin", "main", _target.Combine("checkout"), Token));

        Assert.NotEmpty(server.Paths);
        Assert.DoesNotContain(server.Paths, p => p.StartsWith("/elsewhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_token_no_authorization_header_is_sent()
    {
        await using var server = await GitHttpServer.StartAsync(redirect: false);

        await Assert.ThrowsAsync<GitException>(
            () => _git.CloneShallowAsync($"{server.BaseUrl}owner/plugin", "main", _target.Combine("checkout"), token: null));

        Assert.NotEmpty(server.Paths);
        Assert.Empty(server.AuthorizationHeaders);
    }

    [Theory]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("ssh://git@example.com/owner/repo")]
    [InlineData("relative/path")]
    [InlineData("-uhttps://example.com/x")]
    [InlineData("https://example.com/a b")]
    public async Task Rejects_clone_urls_that_are_not_plain_http_or_file(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _git.CloneShallowAsync(url, "main", _target.Combine("checkout"), null));

        Assert.Empty(_runner.Commands);
    }

    [Fact]
    public async Task Rejects_credentials_in_the_url_without_echoing_them()
    {
        var thrown = await Assert.ThrowsAsync<ArgumentException>(
            () => _git.CloneShallowAsync("https://user:hunter2secret@example.com/x", "main", _target.Combine("checkout"), null));

        Assert.DoesNotContain("hunter2secret", thrown.Message);
        Assert.Empty(_runner.Commands);
    }

    [Fact]
    public async Task Rejects_a_ref_that_looks_like_an_option_and_a_relative_directory()
    {
        var url = new Uri(_source.Path).AbsoluteUri;

        await Assert.ThrowsAsync<ArgumentException>(() => _git.CloneShallowAsync(url, "--upload-pack=x", _target.Combine("checkout"), null));
        await Assert.ThrowsAsync<ArgumentException>(() => _git.CloneShallowAsync(url, "main", "relative", null));

        Assert.Empty(_runner.Commands);
    }

    [Fact]
    public async Task A_missing_branch_fails_with_gits_message()
    {
        var thrown = await Assert.ThrowsAsync<GitException>(
            () => _git.CloneShallowAsync(new Uri(_source.Path).AbsoluteUri, "no-such-branch", _target.Combine("checkout"), null));

        Assert.Contains("no-such-branch", thrown.Message);
    }

    /// <summary>
    /// A loopback stand-in for a git HTTP server that records what git sends and refuses to
    /// serve (404), or redirects every request elsewhere.
    /// </summary>
    private sealed class GitHttpServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _authorization = new();
        private readonly ConcurrentQueue<string> _paths = new();

        private GitHttpServer(bool redirect)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.Run(context =>
            {
                _paths.Enqueue(context.Request.Path.Value ?? string.Empty);
                if (context.Request.Headers.Authorization is { Count: > 0 } header)
                {
                    _authorization.Enqueue(header.ToString());
                }

                if (redirect && !context.Request.Path.StartsWithSegments("/elsewhere"))
                {
                    context.Response.Redirect("/elsewhere" + context.Request.Path + context.Request.QueryString);
                    return Task.CompletedTask;
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        public Uri BaseUrl { get; private set; } = null!;

        public IReadOnlyList<string> AuthorizationHeaders => [.. _authorization];

        public IReadOnlyList<string> Paths => [.. _paths];

        public static async Task<GitHttpServer> StartAsync(bool redirect)
        {
            var server = new GitHttpServer(redirect);
            await server._app.StartAsync();
            var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
