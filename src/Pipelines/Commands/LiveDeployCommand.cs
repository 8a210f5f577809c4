using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.GitHub;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Reporting;
using Pipelines.Reporting;
using Pipelines.Security;

namespace Pipelines.Commands;

public sealed record LiveDeployOptions
{
    public string ConfigPath { get; init; } = "pipelines.yaml";

    public IReadOnlyList<string> Plugins { get; init; } = [];

    public string? Depth { get; init; }

    public bool DryRun { get; init; }

    public string? ReportPath { get; init; }

    public string? SummaryPath { get; init; }

    public string? JUnitPath { get; init; }

    public string? RunId { get; init; }
}

/// <summary>
/// <c>pipelines live-deploy</c>: validates each selected plugin's example against its cloud,
/// applies the status policy, and writes the JSON report, the Markdown summary and JUnit XML.
/// Exit 0 all green, 1 any red, 3 any teardown leaked, 2 bad input.
/// </summary>
public sealed class LiveDeployCommand(CommandContext context)
{
    public async Task<int> RunAsync(LiveDeployOptions options, CancellationToken cancellationToken)
    {
        using var scope = new DisposalScope();
        LiveDeployRequest request;
        LiveDeployServices services;
        try
        {
            var depth = options.Depth switch
            {
                null => (ValidationDepth?)null,
                "plan" => ValidationDepth.Plan,
                "apply" => ValidationDepth.Apply,
                _ => throw new UsageException($"--depth: '{options.Depth}' is not plan or apply"),
            };
            foreach (var (path, flag) in new[] { (options.ReportPath, "--report"), (options.SummaryPath, "--summary"), (options.JUnitPath, "--junit") })
            {
                OutputPaths.Check(context, path, flag);
            }

            var config = ConfigurationLoader.LoadFile(context.ResolvePath(options.ConfigPath), context.Environment);
            var settings = config.LiveDeploy ?? throw new ConfigurationException("the configuration has no live-deploy section", "live-deploy");
            var run = RunIdentityResolver.Resolve(options.RunId, context);
            request = new LiveDeployRequest(settings, run, context.Environment)
            {
                GitHubTokenEnv = config.GitHub.TokenEnv,
                GitHubApiUrl = config.GitHub.ApiUrl,
                TokenVariables = [.. TokenVariables(config)],
            }
                .WithPlugins(options.Plugins)
                .WithDepth(depth)
                .WithMode(options.DryRun ? LiveDeployMode.DryRun : LiveDeployMode.Live)
                .WithProgress(context.Console.PluginProgress)
                with { OnCredentials = credentials => SecretValues.MaskInActions(context, credentials) };
            _ = request.SelectedPlugins();
            services = Services(config, settings, scope);
        }
        catch (Exception e) when (e is UsageException or ConfigurationException)
        {
            await context.Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (options.RunId is null && context.Variable("GITHUB_RUN_ID") is null)
        {
            await context.Console.Out.WriteLineAsync($"run id: {request.Run.RunId} (pass --run-id to re-run as the same run)").ConfigureAwait(false);
        }

        var report = await new LiveDeployRunner(services).RunAsync(request, cancellationToken).ConfigureAwait(false);
        var summary = LiveDeploySummary.Render(report);
        await context.Console.Out.WriteLineAsync(summary).ConfigureAwait(false);

        var outputs = new List<(string?, Func<string, Task>)>
        {
            (options.ReportPath, path => OutputPaths.WriteFileAsync(path, LiveDeployReportJson.Serialize(report), cancellationToken)),
            (options.SummaryPath, path => OutputPaths.WriteFileAsync(path, summary, cancellationToken)),
            (options.JUnitPath, path => OutputPaths.WriteFileAsync(path, LiveDeployJUnit.Render(report), cancellationToken)),
            (context.Variable("GITHUB_STEP_SUMMARY"), path => GitHubActionsOutput.AppendSummaryAsync(path, summary, cancellationToken)),
        };
        var written = await OutputPaths.WriteAllAsync(context, outputs).ConfigureAwait(false);
        var exitCode = LiveDeployExitCode.For(report);
        return written ? exitCode : Math.Max(exitCode, ExitCodes.Failure);
    }

    private LiveDeployServices Services(PipelinesConfig config, LiveDeploySettings settings, DisposalScope scope)
    {
        // Every credential this run holds before any login: masked under Actions before anything is printed.
        var secrets = context.SecretNames.Append(config.GitHub.TokenEnv).Concat(TokenVariables(config)).Append(GitHubActionsOidc.RequestTokenVariable)
            .Distinct(StringComparer.Ordinal)
            .Select(name => context.Variable(name) is { } value ? SecretValues.Maskable(new Secret(name, value)) : null)
            .OfType<Secret>()
            .ToList();
        SecretValues.MaskInActions(context, secrets);
        var processes = new ProcessRunner(new SecretRedactor(secrets), context.Time);
        IGitHubClient? github = null;
        if (settings.Host == HostKind.GitHub)
        {
            var token = context.Variable(config.GitHub.TokenEnv)
                ?? throw new UsageException($"github.token-env: environment variable {config.GitHub.TokenEnv} is not set (it opens pull requests and issues)");
            github = scope.Own(new GitHubClientFactory(new GitHubClientOptions { ApiUrl = config.GitHub.ApiUrl, TimeProvider = context.Time }))
                .Create(new Secret(config.GitHub.TokenEnv, token));
        }

        return new LiveDeployServices(
            processes,
            RegistryHosts.Create(settings, github, processes, context.Environment, context.Time, config.GitHub.Identity),
            context.Time);
    }

    private static IEnumerable<string> TokenVariables(PipelinesConfig config) =>
        (config.Promote?.Repos.Select(r => r.PushTokenEnv) ?? []).Concat(PromotionSecrets.RunnerTokens).Distinct(StringComparer.Ordinal);
}
