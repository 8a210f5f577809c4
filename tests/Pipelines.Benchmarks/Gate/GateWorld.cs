using System.Globalization;
using System.Text;
using Pipelines.Testing.Git;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Staging;

namespace Pipelines.Benchmarks.Gate;

/// <summary>One repository of a gate world: main one commit ahead of prod, its staging service, its push token.</summary>
public sealed record GateRepository(string Name, EmulatedRepository Repository, string Prod, string Main, StagingServer Staging, TimeSpan Readiness, string PushTokenEnv, string PushToken);

/// <summary>
/// Everything a gate scenario runs against: the GitHub emulator with N repositories and a tracker
/// issue, one loopback staging service per repository, and the generated pipelines.yaml. Reset
/// between runs, so every run promotes the same commits from the same starting point.
/// </summary>
public sealed class GateWorld : IAsyncDisposable
{
    public const string Owner = "bench";
    public const string ReadTokenEnv = "BENCH_READ_TOKEN";
    private const string ReadToken = "ghp_bench_read_0000000000000000000000";

    private readonly TempDirectory _directory;

    private GateWorld(GateScenario scenario, GitHubEmulator github, EmulatedRepository tracker, int trackerIssue, IReadOnlyList<GateRepository> repositories, TempDirectory directory)
    {
        Scenario = scenario;
        GitHub = github;
        Tracker = tracker;
        TrackerIssue = trackerIssue;
        Repositories = repositories;
        _directory = directory;
    }

    public GateScenario Scenario { get; }

    public GitHubEmulator GitHub { get; }

    public EmulatedRepository Tracker { get; }

    public int TrackerIssue { get; }

    public IReadOnlyList<GateRepository> Repositories { get; }

    public string Directory => _directory.Path;

    public string ConfigPath => _directory.Combine("pipelines.yaml");

    public string ReportPath => _directory.Combine("report.json");

    public static async Task<GateWorld> CreateAsync(GateScenario scenario, CancellationToken cancellationToken)
    {
        var directory = new TempDirectory("pipelines-bench-gate");
        var github = await GitHubEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var repositories = new List<GateRepository>();
        try
        {
            github.Latency = scenario.Latency;
            var tracker = github.AddRepository($"{Owner}/tracker");
            var issue = tracker.AddIssue("Promotion audit trail");
            github.AddToken(ReadToken, issueRepos: [tracker.FullName], name: "read");

            for (var index = 0; index < scenario.Repositories; index++)
            {
                var name = $"service-{index + 1:00}";
                var repository = github.AddRepository($"{Owner}/{name}");
                var commits = repository.Chain(null, 2);
                repository.SetBranch("prod", commits[0]).SetBranch("main", commits[1]);
                var pushToken = $"ghp_bench_push_{index + 1:00}_00000000000000000000";
                github.AddToken(pushToken, writeRepos: [repository.FullName], name: $"push-{name}");
                var staging = await StagingServer.StartAsync(cancellationToken).ConfigureAwait(false);
                staging.ServeCommit(commits[1]);
                repositories.Add(new GateRepository(
                    name, repository, commits[0], commits[1], staging, scenario.ReadinessOf(index),
                    $"BENCH_PUSH_TOKEN_{index + 1:00}", pushToken));
            }

            var world = new GateWorld(scenario, github, tracker, issue, repositories, directory);
            await File.WriteAllTextAsync(world.ConfigPath, world.Config(), cancellationToken).ConfigureAwait(false);
            return world;
        }
        catch
        {
            foreach (var repository in repositories)
            {
                await repository.Staging.DisposeAsync().ConfigureAwait(false);
            }

            await github.DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Puts every prod back one commit behind main and forgets the previous run's requests.</summary>
    public void Reset()
    {
        foreach (var repository in Repositories)
        {
            repository.Repository.SetBranch("prod", repository.Prod);
        }

        GitHub.Requests.Clear();
        if (File.Exists(ReportPath))
        {
            File.Delete(ReportPath);
        }
    }

    /// <summary>Staging starts deploying now: each service answers 503 until its readiness delay has passed.</summary>
    public void StartStaging(DateTimeOffset now)
    {
        foreach (var repository in Repositories)
        {
            repository.Staging.BecomeHealthyAt(now + repository.Readiness, TimeProvider.System);
        }
    }

    /// <summary>The variables the CLI needs: the read token, each push token, and an Actions-like run identity.</summary>
    public IEnumerable<(string Name, string Value)> Variables(long runId)
    {
        yield return (ReadTokenEnv, ReadToken);
        foreach (var repository in Repositories)
        {
            yield return (repository.PushTokenEnv, repository.PushToken);
        }

        yield return ("GITHUB_RUN_ID", runId.ToString(CultureInfo.InvariantCulture));
        yield return ("GITHUB_RUN_ATTEMPT", Scenario.RunAttempt.ToString(CultureInfo.InvariantCulture));
        yield return ("PIPELINES_ACTOR", "benchmark");
        if (Scenario.Bypass)
        {
            yield return ("PIPELINES_JUSTIFICATION", "Benchmark of the bypass path: staging is not involved.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var repository in Repositories)
        {
            await repository.Staging.DisposeAsync().ConfigureAwait(false);
        }

        await GitHub.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private string Config()
    {
        var yaml = new StringBuilder()
            .AppendLine("# Generated by the benchmark: N repositories on the GitHub emulator.")
            .AppendLine("github:")
            .AppendLine(CultureInfo.InvariantCulture, $"  api-url: {GitHub.BaseUrl}")
            .AppendLine(CultureInfo.InvariantCulture, $"  token-env: {ReadTokenEnv}")
            .AppendLine("promote:")
            .AppendLine("  host: github")
            .AppendLine("  repos:");
        foreach (var repository in Repositories)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    - name: {repository.Name}")
                .AppendLine(CultureInfo.InvariantCulture, $"      repo: {repository.Repository.FullName}")
                .AppendLine(CultureInfo.InvariantCulture, $"      push-token-env: {repository.PushTokenEnv}")
                .AppendLine(CultureInfo.InvariantCulture, $"      health: {repository.Staging.HealthUrl}")
                .AppendLine(CultureInfo.InvariantCulture, $"      version: {repository.Staging.VersionUrl}");
        }

        yaml.AppendLine("  checks:");
        foreach (var check in Scenario.Checks)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    - name: {check.Name}")
                .AppendLine(CultureInfo.InvariantCulture, $"      run: sleep {check.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}")
                .AppendLine("      timeout: 1m");
            if (check.After.Count > 0)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      after: [{string.Join(", ", check.After)}]");
            }
        }

        return yaml
            .AppendLine(CultureInfo.InvariantCulture, $"  poll: {{ timeout: 1m, interval: {Scenario.PollInterval.TotalMilliseconds:0}ms, request-timeout: 5s }}")
            .AppendLine("  bypass:")
            .AppendLine(CultureInfo.InvariantCulture, $"    tracker: {Tracker.FullName}#{TrackerIssue}")
            .ToString();
    }
}
