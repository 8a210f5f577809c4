using Pipelines.Testing.Cli;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>
/// <c>pipelines promote</c> as a child process (the built CLI) against a <see cref="GitHubWorld"/>:
/// started, possibly killed by the test, then gathered into a <see cref="PromotionScenarioResult"/>.
/// </summary>
public sealed class CliPromote : IAsyncDisposable
{
    private readonly GitHubWorld _world;
    private readonly EmulatorObservation _observation;
    private readonly string _reportPath;
    private readonly string _summaryPath;

    private CliPromote(GitHubWorld world, CliProcess process, EmulatorObservation observation, string reportPath, string summaryPath)
    {
        _world = world;
        Process = process;
        _observation = observation;
        _reportPath = reportPath;
        _summaryPath = summaryPath;
    }

    public CliProcess Process { get; }

    public static CliPromote Start(GitHubWorld world, PromoteArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(arguments);
        var unique = Guid.NewGuid().ToString("N")[..8];
        var reportPath = world.Root.Combine($"report-{unique}.json");
        var summaryPath = world.Root.Combine($"summary-{unique}.md");
        List<string> argv =
        [
            "promote", "--config", world.ConfigPath, "--run-id", arguments.RunId, "--actor", "reliability-test",
            "--report", reportPath, "--summary", summaryPath,
        ];
        if (arguments.SkipGate)
        {
            argv.AddRange(["--skip-gate", "--justification", arguments.Justification ?? string.Empty]);
        }

        world.WriteConfig();
        var observation = world.Observe();
        return new CliPromote(world, CliProcess.Start(argv, world.Environment, world.Root.Path), observation, reportPath, summaryPath);
    }

    /// <summary>Waits for the process to end (or kills it after <paramref name="timeout"/>) and gathers what it left.</summary>
    public async Task<PromotionScenarioResult> FinishAsync(TimeSpan timeout)
    {
        var result = await Process.WaitAsync(timeout).ConfigureAwait(false);
        return new PromotionScenarioResult
        {
            ExitCode = result.ExitCode,
            ReportJson = File.Exists(_reportPath) ? await File.ReadAllTextAsync(_reportPath).ConfigureAwait(false) : null,
            Summary = File.Exists(_summaryPath) ? await File.ReadAllTextAsync(_summaryPath).ConfigureAwait(false) : null,
            StandardOutput = result.StandardOutput,
            StandardError = result.StandardError,
            Secrets = _world.Secrets,
            World = _observation.End(),
        };
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
