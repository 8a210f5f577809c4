using Microsoft.Extensions.Time.Testing;
using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub;

/// <summary>Builds clients over a scripted handler with fake time and recorded retries.</summary>
internal sealed class TestClients : IDisposable
{
    public const string TokenValue = "ghs_TESTtokenVALUE0123456789abcdef";

    public TestClients(GitHubClientOptions? options = null, Func<double>? randomizer = null)
    {
        Options = (options ?? new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/") })
            .WithTimeProvider(Time)
            .WithRandomizer(randomizer ?? (() => 0.5))
            .WithOnRetry(notice =>
            {
                lock (Retries)
                {
                    Retries.Add(notice);
                }
            });
        Factory = new GitHubClientFactory(Options, Handler);
        Client = Factory.Create(Token);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public ScriptedHandler Handler { get; } = new();

    public GitHubClientOptions Options { get; }

    public GitHubClientFactory Factory { get; }

    public IGitHubClient Client { get; }

    public static Secret Token { get; } = new("GITHUB_TOKEN", TokenValue);

    public List<GitHubRetryNotice> Retries { get; } = [];

    public static RepositoryId Repo { get; } = new("WXYC", "Backend-Service");

    public const string Sha1 = "1111111111111111111111111111111111111111";
    public const string Sha2 = "2222222222222222222222222222222222222222";

    public static string RefJson(string branch, string sha) =>
        $$$"""{"ref":"refs/heads/{{{branch}}}","node_id":"x","url":"u","object":{"type":"commit","sha":"{{{sha}}}","url":"u"}}""";

    public Task<T> RunAsync<T>(Task<T> task) => FakeClock.RunAsync(Time, task);

    public Task RunAsync(Task task) => FakeClock.RunAsync(Time, task);

    public void Dispose()
    {
        Factory.Dispose();
        Handler.Dispose();
    }
}
