using Pipelines.Commands;
using Pipelines.GitHub;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>The flags of one promotion (the rest comes from the world's configuration).</summary>
public sealed record PromoteArguments
{
    public string RunId { get; init; } = "run-" + Guid.NewGuid().ToString("N")[..8];

    public bool SkipGate { get; init; }

    public string? Justification { get; init; }

    public static PromoteArguments Gate(string? runId = null) => runId is null ? new() : new() { RunId = runId };

    public static PromoteArguments Bypass(string justification, string? runId = null) =>
        (runId is null ? new PromoteArguments() : new PromoteArguments { RunId = runId }) with { SkipGate = true, Justification = justification };
}

/// <summary>
/// Runs <c>pipelines promote</c> in-process through <see cref="PromoteCommand"/> (the real
/// composition: configuration file, GitHub host, HTTP probes) against a <see cref="GitHubWorld"/>,
/// and gathers everything the invariants speak about, without judging it: for tests that inject
/// faults and assert the invariants themselves (<see cref="PromotionWorld.PromoteAsync"/> asserts them).
/// </summary>
public static class InProcessPromote
{
    /// <param name="configureClient">Short timeouts and retry delays for tests; null keeps the product's defaults.</param>
    public static async Task<PromotionScenarioResult> RunAsync(
        GitHubWorld world,
        PromoteArguments arguments,
        Func<GitHubClientOptions, GitHubClientOptions>? configureClient = null,
        Func<CommandContext, CommandContext>? configureContext = null,
        CancellationToken cancellationToken = default,
        Pipelines.Promotion.ReconcileBudget? reconcile = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(arguments);
        var reportPath = world.Root.Combine($"report-{arguments.RunId}-{Guid.NewGuid():N}.json");
        var summaryPath = world.Root.Combine($"summary-{arguments.RunId}-{Guid.NewGuid():N}.md");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        world.WriteConfig();
        var context = new CommandContext(new Dictionary<string, string>(world.Environment, StringComparer.Ordinal), world.Root.Path, new PlainConsoleUi(stdout, stderr, TimeProvider.System), TimeProvider.System);
        context = configureContext?.Invoke(context) ?? context;
        var command = new PromoteCommand(context) { ConfigureGitHubClient = configureClient, Reconcile = reconcile };
        var options = new PromoteOptions
        {
            ConfigPath = world.ConfigPath,
            SkipGate = arguments.SkipGate,
            Justification = arguments.Justification,
            RunId = arguments.RunId,
            ReportPath = reportPath,
            SummaryPath = summaryPath,
            Actor = "reliability-test",
        };

        var observation = world.Observe();
        int? exitCode = null;
        var escaped = new List<string>();
        try
        {
            exitCode = await command.RunAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            escaped.Add(e.ToString());
        }

        var result = new PromotionScenarioResult
        {
            ExitCode = exitCode,
            ReportJson = ReadAndDelete(reportPath),
            Summary = ReadAndDelete(summaryPath),
            StandardOutput = stdout.ToString(),
            StandardError = stderr.ToString(),
            ExceptionMessages = escaped,
            Secrets = world.Secrets,
            World = observation.End(),
        };
        return result;
    }

    private static string? ReadAndDelete(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path);
        File.Delete(path);
        return text;
    }
}
