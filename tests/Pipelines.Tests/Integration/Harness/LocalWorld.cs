using Pipelines.Security;
using Pipelines.Testing.Git;
using Pipelines.Testing.Invariants;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>One repository of a <see cref="LocalWorld"/>: a real git repository and its staging service.</summary>
public sealed record LocalWorldRepo(string Name, TempGitRepository Repository, StagingServer Staging, string? OriginalProd, string Main)
{
    public string? Prod => Repository.Head("prod");
}

/// <summary>
/// A promotion world with host local: real git repositories in temp directories, a staging
/// server per repository reporting its main SHA, and a Markdown tracker file.
/// </summary>
public sealed class LocalWorld : PromotionWorld
{
    private readonly List<LocalWorldRepo> _repos = [];

    private LocalWorld()
    {
    }

    public IReadOnlyList<LocalWorldRepo> Repos => _repos;

    public LocalWorldRepo this[string name] => _repos.Single(r => r.Name == name);

    public string TrackerPath => Root.Combine("tracker.md");

    protected override IEnumerable<Secret> WorldSecrets => [];

    public static Task<LocalWorld> StartAsync() => StartAsync(new RepoSetup("backend"), new RepoSetup("metadata"));

    public static async Task<LocalWorld> StartAsync(params RepoSetup[] setups)
    {
        var world = new LocalWorld { Config = new ConfigSpec() };
        try
        {
            foreach (var setup in setups)
            {
                var repository = setup.Shape switch
                {
                    RepoShape.MainAhead or RepoShape.Unchanged => TempGitRepository.MainAheadOfProd(ahead: 2),
                    RepoShape.NoProd => TempGitRepository.WithoutProd(),
                    _ => TempGitRepository.Diverged(),
                };
                if (setup.Shape == RepoShape.Unchanged)
                {
                    repository.Branch("prod", repository.Head("main")!);
                }

                var main = repository.Head("main")!;
                var staging = await StagingServer.StartAsync();
                staging.ServeCommit(main);
                world._repos.Add(new LocalWorldRepo(setup.Name, repository, staging, repository.Head("prod"), main));
            }

            world.Config = new ConfigSpec
            {
                Host = "local",
                Repos = world._repos.Select(r => new RepoSpec(r.Name, r.Repository.Path, r.Staging.HealthUrl.AbsoluteUri, r.Staging.VersionUrl.AbsoluteUri)).ToList(),
                Checks = [new CheckSpec("smoke", "echo smoke passed")],
                Tracker = world.TrackerPath,
            };
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    protected override Func<ObservedWorld> BeginObservation()
    {
        var observation = LocalGitObservation.Begin(TrackerPath, _repos.Select(r => (new WatchedRepository(r.Name, r.Repository.Path), r.Repository)));
        return observation.End;
    }

    protected override async ValueTask DisposeHostAsync()
    {
        foreach (var repo in _repos)
        {
            await repo.Staging.DisposeAsync();
            repo.Repository.Dispose();
        }
    }
}
