using Pipelines.Execution;
using Pipelines.Sandbox;

namespace Pipelines.Commands;

public sealed record SandboxOptions(string Target = "all", string Scenario = "promote", bool Keep = false, string? Directory = null)
{
    /// <summary>How to start the stand-in wfctl; null: this CLI (tests, whose process is the test host, pass the built CLI).</summary>
    public LiveDeploy.Sandbox.StandIn.StandInLauncher? WfctlLauncher { get; init; }
}

/// <summary>
/// <c>pipelines sandbox</c>: a throwaway world in a temp directory and the real commands run on
/// it. The world is removed afterwards unless <c>--keep</c> is given.
/// </summary>
public sealed class SandboxCommand(CommandContext context)
{
    public static IReadOnlyList<string> Targets { get; } = ["all", "promote", "live-deploy"];

    public async Task<int> RunAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        if (!Targets.Contains(options.Target))
        {
            return await UsageAsync($"sandbox: unknown target '{options.Target}'; use one of {string.Join(", ", Targets)}").ConfigureAwait(false);
        }

        if (!PromoteSandbox.Scenarios.Contains(options.Scenario))
        {
            return await UsageAsync($"--scenario: unknown scenario '{options.Scenario}'; use one of {string.Join(", ", PromoteSandbox.Scenarios)}").ConfigureAwait(false);
        }

        var directory = options.Directory is { } chosen
            ? context.ResolvePath(chosen)
            : Path.Combine(Path.GetTempPath(), $"pipelines-sandbox-{Guid.NewGuid():N}"[..30]);
        if (options.Directory is not null && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return await UsageAsync($"--dir: '{directory}' is not empty").ConfigureAwait(false);
        }

        var exitCode = ExitCodes.Success;
        try
        {
            if (options.Target is "all" or "promote")
            {
                var runner = new ProcessRunner(timeProvider: context.Time);
                exitCode = await new PromoteSandbox(runner, context)
                    .RunAsync(options.Scenario, Path.Combine(directory, "promote"), cancellationToken)
                    .ConfigureAwait(false);
            }

            if (options.Target is "all" or "live-deploy")
            {
                var liveDeployExit = await RunLiveDeployAsync(Path.Combine(directory, "live-deploy"), options.WfctlLauncher, cancellationToken).ConfigureAwait(false);
                exitCode = Math.Max(exitCode, liveDeployExit);
            }
        }
        finally
        {
            if (options.Keep)
            {
                await context.Console.Out.WriteLineAsync($"\nThe sandbox is kept in {directory}").ConfigureAwait(false);
            }
            else
            {
                Directory.Delete(directory, recursive: true);
                await context.Console.Out.WriteLineAsync($"\nThe sandbox was removed (use --keep to look around in it).").ConfigureAwait(false);
            }
        }

        return exitCode;
    }

    /// <summary>
    /// Builds plugin repositories, a local registry and a labelled stand-in wfctl, then runs the
    /// real <c>pipelines live-deploy</c> twice, so the second red of a verified plugin demotes it.
    /// </summary>
    private async Task<int> RunLiveDeployAsync(string directory, LiveDeploy.Sandbox.StandIn.StandInLauncher? launcher, CancellationToken cancellationToken)
    {
        var output = context.Console.Out;
        var runner = new ProcessRunner(timeProvider: context.Time);
        var sandbox = await LiveDeploy.Sandbox.LiveDeploySandbox.CreateAsync(directory, runner, context.Environment, cancellationToken, launcher: launcher).ConfigureAwait(false);
        await using var stopReleases = sandbox.ConfigureAwait(false);
        await output.WriteLineAsync($"\nLive-deploy sandbox in {directory}: six plugin repositories tagged v{LiveDeploy.Sandbox.LiveDeploySandbox.PluginVersion}, a local registry whose manifests list release tarballs served on 127.0.0.1, and a STAND-IN wfctl (it talks to no cloud; its \"cloud\" is {sandbox.World.Directory}/cloud.json).").ConfigureAwait(false);
        foreach (var plugin in LiveDeploy.Sandbox.LiveDeploySandbox.DefaultPlugins)
        {
            await output.WriteLineAsync($"  {plugin.Name,-13} {plugin.Status,-13} {plugin.Story}").ConfigureAwait(false);
        }

        await output.WriteLineAsync("\nThe generated configuration (pipelines.yaml):\n").ConfigureAwait(false);
        await output.WriteLineAsync(sandbox.ConfigYaml).ConfigureAwait(false);

        var sandboxContext = context with { Environment = sandbox.Environment, WorkingDirectory = directory };
        var exitCodes = new List<int>();
        foreach (var run in (string[])["sandbox-1", "sandbox-2"])
        {
            await output.WriteLineAsync($"Running: pipelines live-deploy --config pipelines.yaml --run-id {run}\n").ConfigureAwait(false);
            exitCodes.Add(await new LiveDeployCommand(sandboxContext)
                .RunAsync(new LiveDeployOptions { ConfigPath = "pipelines.yaml", RunId = run, ReportPath = $"report-{run}.json", JUnitPath = $"junit-{run}.xml" }, cancellationToken)
                .ConfigureAwait(false));
        }

        await output.WriteLineAsync($"Pull requests (branches live-deploy/<plugin>-<status> in the registry): {sandbox.PullsPath}").ConfigureAwait(false);
        await output.WriteLineAsync($"Investigation issues: {Path.Combine(directory, "trackers")}").ConfigureAwait(false);
        foreach (var file in Directory.EnumerateFiles(sandbox.PullsPath, "*.md").Order(StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"\n--- {Path.GetRelativePath(directory, file)} ---\n{await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)}").ConfigureAwait(false);
        }

        // A leaked plugin is part of the story: exit 3 from each run is what the sandbox is built to show.
        var leftovers = sandbox.World.Cloud();
        var expected = exitCodes.All(code => code == LiveDeploy.LiveDeployExitCode.Leaked) && leftovers.Count == 0;
        await output.WriteLineAsync(expected
            ? "Live-deploy sandbox behaved as designed: all four verdicts (green promoted; not-validated with its reason and no status change; red investigated, then demoted on the second red; leaked when teardown cannot be verified: each run exits 3), and the stand-in's cloud is empty."
            : $"Live-deploy sandbox did NOT behave as designed: run exit codes {string.Join(", ", exitCodes)}; left in the stand-in cloud: {leftovers.Count}.").ConfigureAwait(false);
        return expected ? ExitCodes.Success : ExitCodes.Failure;
    }

    private async Task<int> UsageAsync(string message)
    {
        await context.Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
