using Pipelines.Commands;
using Pipelines.Configuration;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// A promotion's HTTP clients (GitHub and the staging probes) belong to that run and are released
/// when it ends: a command run many times in one process (sandbox, benchmarks, the soak) must not
/// hold a connection pool per run until a garbage collection finds it.
/// </summary>
public sealed class CompositionLifetimeTests : IAsyncLifetime
{
    private GitHubWorld _world = null!;

    public async Task InitializeAsync() => _world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Disposing_the_composition_releases_the_github_and_probe_clients()
    {
        var context = new CommandContext(_world.Environment, _world.Root.Path, new PlainConsoleUi(TextWriter.Null, TextWriter.Null, TimeProvider.System), TimeProvider.System);
        var config = ConfigurationLoader.LoadFile(_world.ConfigPath, _world.Environment);
        var secrets = PromotionSecrets.Read(config, config.Promote!, context, needsPushTokens: true);
        var scope = new DisposalScope();
        var services = PromotionComposition.Create(config, config.Promote!, secrets, context, scope);
        var backend = services.Host.OpenRepository(config.Promote!.Repos[0]);
        Assert.NotNull(await backend.GetHeadAsync("main", CancellationToken.None));

        scope.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => backend.GetHeadAsync("main", CancellationToken.None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            services.Health.WaitUntilHealthyAsync(_world.Staging.HealthUrl, config.Promote.Poll, CancellationToken.None));
    }
}
