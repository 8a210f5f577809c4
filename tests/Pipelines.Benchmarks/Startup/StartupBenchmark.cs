using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Reporting;
using Pipelines.Testing.Git;

namespace Pipelines.Benchmarks.Startup;

/// <summary>One way to start the published CLI: a publish flavour and runtime settings (as DOTNET_* variables).</summary>
public sealed record StartupVariant(string Name, string Publish, IReadOnlyList<(string Name, string Value)> Variables);

/// <summary>A start-up command of one variant over several fresh processes. Times in milliseconds, memory in MiB.</summary>
public sealed record StartupResult(string Variant, string Command, int Runs, Spread WallMs, Spread CpuMs, Spread PeakWorkingSetMiB, double? TargetMs)
{
    public bool? MeetsTarget => TargetMs is { } target ? WallMs.Median <= target : null;
}

/// <summary>
/// Publishes the CLI (with and without ReadyToRun) and times <c>pipelines --help</c> and
/// <c>pipelines validate</c> as fresh processes started through the apphost. The variants run
/// interleaved, one run of each in turn, so a change in the machine's load hits them all alike.
/// </summary>
public sealed class StartupBenchmark(RepositoryLayout layout, string dotnetHost, TextWriter log)
{
    public const string ReadyToRun = "ready-to-run";
    public const string JitOnly = "jit-only";

    /// <summary>As shipped (ReadyToRun, recompiling after 1,000 calls), as it was, and the runtime settings tried on the way.</summary>
    public static IReadOnlyList<StartupVariant> Variants { get; } =
    [
        new($"{ReadyToRun} (as shipped)", ReadyToRun, []),
        new($"{JitOnly}, call-count threshold 30 (before)", JitOnly, [("DOTNET_TC_CallCountThreshold", "30")]),
        new($"{ReadyToRun}, call-count threshold 30", ReadyToRun, [("DOTNET_TC_CallCountThreshold", "30")]),
        new($"{ReadyToRun}, TieredPGO off", ReadyToRun, [("DOTNET_TieredPGO", "0")]),
        new($"{ReadyToRun}, TieredCompilation off", ReadyToRun, [("DOTNET_TieredCompilation", "0")]),
    ];

    public async Task<IReadOnlyList<StartupResult>> RunAsync(int runs, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory("pipelines-bench-startup");
        var publisher = new CliPublisher(layout, dotnetHost, log);
        var published = new Dictionary<string, CliUnderTest>(StringComparer.Ordinal)
        {
            [ReadyToRun] = await publisher.PublishAsync(directory.Combine(ReadyToRun), readyToRun: true, cancellationToken).ConfigureAwait(false),
            [JitOnly] = await publisher.PublishAsync(directory.Combine(JitOnly), readyToRun: false, cancellationToken).ConfigureAwait(false),
        };
        var config = directory.Combine("pipelines.yaml");
        await File.WriteAllTextAsync(config, SampleConfig, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<(string Name, string[] Arguments, double? Target)> commands =
        [
            ("pipelines --help", ["--help"], Targets.HelpMs),
            ("pipelines validate", ["validate", "--config", config], null),
        ];

        var samples = new Dictionary<(string, string), List<ChildRun>>();
        foreach (var command in commands)
        {
            await log.WriteLineAsync($"start-up: {command.Name}, {runs} fresh processes per variant").ConfigureAwait(false);
            for (var run = 0; run <= runs; run++)
            {
                foreach (var variant in Variants)
                {
                    var environment = BenchmarkEnvironment.Minimal([.. variant.Variables]);
                    var child = await ChildProcess.RunAsync(
                        published[variant.Publish].Command(command.Arguments, environment, directory.Path, TimeSpan.FromMinutes(1)),
                        cancellationToken).ConfigureAwait(false);
                    if (child.ExitCode != 0)
                    {
                        throw new BenchmarkFailure($"{command.Name} ({variant.Name}) exited {child.ExitCode}:\n{child.Tail()}");
                    }

                    // Run 0 warms the disk cache for each variant and is not counted.
                    if (run > 0)
                    {
                        samples.TryAdd((variant.Name, command.Name), []);
                        samples[(variant.Name, command.Name)].Add(child);
                    }
                }
            }
        }

        return [.. commands.SelectMany(command => Variants.Select(variant =>
        {
            var runsOf = samples[(variant.Name, command.Name)];
            return new StartupResult(
                variant.Name,
                command.Name,
                runsOf.Count,
                Spread.Of(runsOf.Select(r => r.Wall.TotalMilliseconds)),
                Spread.Of(runsOf.Select(r => r.CpuTime.TotalMilliseconds)),
                Spread.Of(runsOf.Select(r => r.PeakWorkingSetBytes / 1024.0 / 1024.0)),
                command.Target);
        }))];
    }

    /// <summary>A configuration with both sections, checks and a bypass tracker: what validate reads in a real repository.</summary>
    private const string SampleConfig = """
        github:
          token-env: GITHUB_TOKEN
        promote:
          repos:
            - name: backend
              repo: WXYC/Backend-Service
              push-token-env: PROD_PUSH_TOKEN_BS
              health: https://bs.staging.example/healthcheck
              version: https://bs.staging.example/version
            - name: metadata
              repo: WXYC/metadata-service
              health: https://ms.staging.example/healthcheck
              version: https://ms.staging.example/version
              version-field: build.sha
          checks:
            - name: e2e
              run: npm run test:e2e
              env: { E2E_BASE_URL: https://bs.staging.example }
              timeout: 20m
            - name: canary
              run: ./scripts/canary.sh
              after: [e2e]
          poll: { timeout: 5m, interval: 5s, request-timeout: 10s }
          bypass:
            tracker: WXYC/wxyc-shared#42
        live-deploy:
          plugins: [aws, gcp, digitalocean]
          clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git
          registry:
            repo: GoCodeAlone/workflow-registry
            manifest: plugins/workflow-plugin-{plugin}/manifest.json
          tracker-repo: GoCodeAlone/workflow-plugin-{plugin}
          auth:
            digitalocean: { token-env: STAGING_DIGITALOCEAN_TOKEN }
        """;
}
