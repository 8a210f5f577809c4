using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub;

/// <summary>Builds clients over a scripted handler with fake time and recorded retries.</summary>
internal sealed class TestClients : IDisposable
{
    public const string TokenValue = "ghs_TESTtokenVALUE0123456789abcdef";

    public TestClients(GitHubClientOptions? options = null, Func<double>? randomizer = null)
    {
        // A day-long request timeout unless a test is about timeouts: a responding attempt must
        // never time out because a test moved time on.
        Options = (options ?? new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), RequestTimeout = TimeSpan.FromDays(1) })
            .WithTimeProvider(Clock)
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

    public FakeClock Clock { get; } = new();

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

    /// <summary>Completes the call, advancing fake time through each retry delay (and, if asked, each timeout).</summary>
    public Task<T> RunAsync<T>(Task<T> task, bool advanceTimeouts = false) => Clock.RunAsync(task, Options.RequestTimeout, advanceTimeouts);

    public Task RunAsync(Task task, bool advanceTimeouts = false) => Clock.RunAsync(task, Options.RequestTimeout, advanceTimeouts);

    public void Dispose()
    {
        Factory.Dispose();
        Handler.Dispose();
    }
}
