using Pipelines.Benchmarks.Gate;
using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Matrix;
using Pipelines.Benchmarks.Reporting;
using Pipelines.Benchmarks.Startup;
using Pipelines.Testing.Git;

namespace Pipelines.Benchmarks;

/// <summary>Runs the scenarios the options select and gathers their results.</summary>
public sealed class BenchmarkSuite(RepositoryLayout layout, string configuration, TextWriter log)
{
    public async Task<BenchmarkResults> RunAsync(BenchmarkOptions options, string outDirectory, CancellationToken cancellationToken)
    {
        var dotnet = RepositoryLayout.DotnetHost();
        using var publishDirectory = new TempDirectory("pipelines-bench-cli");
        var cli = options.Cli == "published"
            ? await new CliPublisher(layout, dotnet, log).PublishAsync(publishDirectory.Path, readyToRun: true, cancellationToken).ConfigureAwait(false)
            : CliUnderTest.Built(dotnet, layout.CliAssembly(configuration));
        var machine = await MachineInfo.ReadAsync(dotnet, options.Cli == "published" ? "published (Release, ReadyToRun)" : configuration, cancellationToken).ConfigureAwait(false);
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        await log.WriteLineAsync($"{machine.ProcessorCount} cores ({machine.CpuModel}), load {loadBefore:0.00}; CLI: {cli.Description}").ConfigureAwait(false);
        if (options.Cli == "build" && configuration != "Release")
        {
            await log.WriteLineAsync($"warning: the CLI is a {configuration} build; run with -c Release for numbers worth comparing").ConfigureAwait(false);
        }

        // Untimed: the first start of a freshly built CLI reads it from disk.
        await ChildProcess.RunAsync(cli.Command(["--help"], BenchmarkEnvironment.Minimal(), layout.Root, TimeSpan.FromMinutes(1)), cancellationToken).ConfigureAwait(false);

        var gate = new List<GateResult>();
        var benchmark = new GateBenchmark(cli, log, Path.Combine(outDirectory, "reports"));
        foreach (var scenario in GateScenarios(options))
        {
            gate.Add(await benchmark.RunAsync(scenario, options.Runs, cancellationToken).ConfigureAwait(false));
        }

        var matrix = new List<MatrixResult>();
        if (options.Includes("matrix"))
        {
            var matrixBenchmark = new MatrixBenchmark(cli, log, Path.Combine(outDirectory, "reports"));
            foreach (var plugins in options.MatrixPlugins)
            {
                matrix.AddRange(await matrixBenchmark.RunAsync(plugins, [plugins, 1], options.Runs, cancellationToken).ConfigureAwait(false));
            }
        }

        var startup = options.Includes("startup")
            ? await new StartupBenchmark(layout, dotnet, log).RunAsync(Math.Max(20, options.Runs), cancellationToken).ConfigureAwait(false)
            : [];

        return new BenchmarkResults(startedAt, DateTimeOffset.UtcNow, machine, loadBefore, MachineInfo.LoadAverage(), cli.Description, options.Runs, gate, matrix, startup);
    }

    /// <summary>Unlimited parallelism, then the same one at a time, then the bypass (first attempt and a re-run).</summary>
    public static IEnumerable<GateScenario> GateScenarios(BenchmarkOptions options)
    {
        var grid = options.LatenciesMs.SelectMany(latency => options.Repositories.Select(repositories => new GateScenario
        {
            Repositories = repositories,
            Latency = TimeSpan.FromMilliseconds(latency),
        })).ToList();

        var scenarios = new List<GateScenario>();
        if (options.Includes("gate"))
        {
            scenarios.AddRange(grid);
        }

        if (options.Includes("parallel"))
        {
            scenarios.AddRange(grid.Select(s => s with { MaxParallel = 1 }));
        }

        if (options.Includes("bypass"))
        {
            var latency = TimeSpan.FromMilliseconds(options.LatenciesMs.Max());
            foreach (var repositories in options.Repositories.Where(n => n <= 8))
            {
                scenarios.Add(new GateScenario { Repositories = repositories, Latency = latency, Bypass = true, RunAttempt = 1 });
                scenarios.Add(new GateScenario { Repositories = repositories, Latency = latency, Bypass = true, RunAttempt = 2 });
            }
        }

        return scenarios;
    }
}
