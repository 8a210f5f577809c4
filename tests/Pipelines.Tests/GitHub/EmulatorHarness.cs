using System.Net.Http.Headers;
using Pipelines.GitHub;
using Pipelines.Security;
using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>
/// A running emulator with two repositories (backend, metadata) and three tokens: a read token
/// that may also comment on the tracker repository, and one push token per repository. Clients
/// use real time with short timeouts and retry delays, since the emulator is a real server.
/// </summary>
public sealed class EmulatorHarness : IAsyncLifetime
{
    public const string Backend = "WXYC/Backend-Service";
    public const string Metadata = "WXYC/metadata";
    public const string Tracker = "WXYC/wxyc-shared";

    public GitHubEmulator Emulator { get; private set; } = null!;

    public Secret ReadToken { get; private set; } = null!;

    public Secret BackendPushToken { get; private set; } = null!;

    public Secret MetadataPushToken { get; private set; } = null!;

    public GitHubClientFactory Factory { get; private set; } = null!;

    public IGitHubClient ReadClient { get; private set; } = null!;

    public IGitHubClient BackendPushClient { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public List<GitHubRetryNotice> Retries { get; } = [];

    public GitHubEmulatorOptions EmulatorOptions { get; init; } = new();

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public EmulatedRepository BackendRepo => Emulator.Repository(Backend);

    public EmulatedRepository MetadataRepo => Emulator.Repository(Metadata);

    public EmulatedRepository TrackerRepo => Emulator.Repository(Tracker);

    public async Task InitializeAsync()
    {
        Emulator = await GitHubEmulator.StartAsync(EmulatorOptions);
        Emulator.AddRepository(Backend);
        Emulator.AddRepository(Metadata);
        Emulator.AddRepository(Tracker);
        ReadToken = Emulator.AddToken("ghp_readTOKENvalue_0001", issueRepos: [Tracker], name: "read");
        BackendPushToken = Emulator.AddToken("ghp_pushBACKENDvalue_0002", writeRepos: [Backend], name: "push-backend");
        MetadataPushToken = Emulator.AddToken("ghp_pushMETADATAvalue_0003", writeRepos: [Metadata], name: "push-metadata");
        Factory = CreateFactory();
        ReadClient = Factory.Create(ReadToken);
        BackendPushClient = Factory.Create(BackendPushToken);
    }

    public GitHubClientFactory CreateFactory(TimeSpan? requestTimeout = null, int maxAttempts = 3) =>
        new(new GitHubClientOptions
        {
            ApiUrl = Emulator.BaseUrl,
            RequestTimeout = requestTimeout ?? RequestTimeout,
            Retry = new GitHubRetryOptions(maxAttempts, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)),
            OnRetry = notice =>
            {
                lock (Retries)
                {
                    Retries.Add(notice);
                }
            },
        });

    /// <summary>A raw request, for asserting the emulator's own status codes and messages.</summary>
    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null, Secret? token = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Emulator.BaseUrl, path.TrimStart('/')));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Waits (real time, bounded) for a condition the emulator reaches asynchronously.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached in time");
            }

            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
