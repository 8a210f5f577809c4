using Pipelines.Configuration;
using Pipelines.Promotion;
using Pipelines.Reporting;

namespace Pipelines.Commands;

/// <summary>
/// <c>pipelines promote</c> and <c>pipelines stage NAME</c>: validates everything at the edge
/// (exit 2 before any network call), runs the gate, and writes the report, the summary and the
/// GitHub Actions outputs.
/// </summary>
public sealed class PromoteCommand(CommandContext context)
{
    public const int MaxTriggerLength = 64 * 1024;

    /// <summary>
    /// Adjusts the GitHub client's options before the host is built: the reliability tests use it
    /// for short request timeouts and retry delays. Null keeps the defaults.
    /// </summary>
    internal Func<GitHub.GitHubClientOptions, GitHub.GitHubClientOptions>? ConfigureGitHubClient { get; init; }

    /// <summary>The re-read budget after a failed write; tests shorten it. Null keeps the default.</summary>
    internal ReconcileBudget? Reconcile { get; init; }

    public async Task<int> RunAsync(PromoteOptions options, CancellationToken cancellationToken)
    {
        using var scope = new DisposalScope();
        PromotionRequest request;
        PromotionServices services;
        PromotionSecrets secrets;
        try
        {
            var plan = options.Stage is null ? PromotionPlan.Full : PlanFor(options.Stage);
            var bypass = BypassFrom(options, plan);
            OutputPaths.Check(context, options.ReportPath, "--report");
            OutputPaths.Check(context, options.SummaryPath, "--summary");
            if (options.MaxParallel is < 1)
            {
                throw new UsageException("--max-parallel: must be at least 1");
            }

            if (options.Trigger is { Length: > MaxTriggerLength })
            {
                throw new UsageException($"--trigger: longer than {MaxTriggerLength} characters");
            }

            var config = ConfigurationLoader.LoadFile(context.ResolvePath(options.ConfigPath), context.Environment);
            var promote = config.Promote ?? throw new ConfigurationException("the configuration has no promote section", "promote");
            if (bypass is not null && promote.Bypass is null)
            {
                throw new ConfigurationException("--skip-gate needs a tracker to record the justification", "promote.bypass.tracker");
            }

            var mode = options.DryRun ? PromotionMode.DryRun : PromotionMode.Live;
            secrets = PromotionSecrets.Read(config, promote, context, needsPushTokens: mode.WritesAnything && plan.Pushes);
            request = new PromotionRequest(promote, RunIdentityResolver.Resolve(options.RunId, context))
            {
                Bypass = bypass,
                Actor = ActorName.Validate(options.Actor ?? context.Variable("GITHUB_ACTOR")),
                Trigger = options.Trigger,
                Mode = mode,
                Plan = plan,
            };
            services = PromotionComposition.Create(config, promote, secrets, context, scope, options.MaxParallel, ConfigureGitHubClient);
            services = Reconcile is { } budget ? services with { Reconcile = budget } : services;
        }
        catch (Exception e) when (e is UsageException or ConfigurationException)
        {
            await context.Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (request.Bypass is not null && request.Actor is null
            && await services.Host.IdentityAsync(cancellationToken).ConfigureAwait(false) is { Login: null } unknown)
        {
            // An audit entry must say who bypassed the gate; nothing has been written yet.
            await context.Console.Error.WriteLineAsync(
                "error: --skip-gate needs to know who: pass --actor, set PIPELINES_ACTOR or GITHUB_ACTOR"
                + (unknown.Problem is { } problem ? $", or let the token say ({problem})" : " (this host has no token identity)")).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        SecretValues.MaskInActions(context, secrets.All);
        var report = await new PromotionGate(services).RunAsync(request, cancellationToken).ConfigureAwait(false);
        return await PublishAsync(report, options, cancellationToken).ConfigureAwait(false);
    }

    private static PromotionPlan PlanFor(string stage) =>
        StageNames.Selectable.Contains(stage)
            ? PromotionPlan.ForStage(stage)
            : throw new UsageException($"stage '{stage}' does not exist; use one of {string.Join(", ", StageNames.Selectable)}");

    private static BypassRequest? BypassFrom(PromoteOptions options, PromotionPlan plan)
    {
        if (!options.SkipGate)
        {
            if (options.Justification is not null)
            {
                throw new UsageException("--justification is only used with --skip-gate");
            }

            if (plan.Pushes && plan != PromotionPlan.Full)
            {
                throw new UsageException($"stage {StageNames.PushProd} pushes without health, version and checks: it needs --skip-gate with --justification (or run 'promote')");
            }

            return null;
        }

        if (string.IsNullOrWhiteSpace(options.Justification))
        {
            throw new UsageException("--skip-gate needs --justification with a reason (it is posted to the tracker before any push)");
        }

        return new BypassRequest(options.Justification);
    }

    /// <summary>
    /// The step outputs are written first: a failure there changes the exit code, so it is folded
    /// into the report before the report, the summaries and the console line are written from it,
    /// and all four say the same. The console line comes last, with the exit code the process returns.
    /// </summary>
    private async Task<int> PublishAsync(PromotionReport report, PromoteOptions options, CancellationToken cancellationToken)
    {
        if (context.Variable("GITHUB_OUTPUT") is { } outputPath
            && await OutputPaths.TryWriteAsync(context, outputPath, path => GitHubActionsOutput.AppendOutputsAsync(path, GitHubActionsOutput.PromotionOutputs(report), cancellationToken)).ConfigureAwait(false) is { } cause)
        {
            var where = $"GITHUB_OUTPUT '{context.ResolvePath(outputPath)}'";
            await context.Console.Error.WriteLineAsync($"error: could not write the step outputs to {where}: {cause}").ConfigureAwait(false);
            report = report.WithPublishFailure($"the step outputs were NOT written to {where}: {cause}");
        }

        var summary = PromotionSummary.Render(report);
        var outputs = new List<(string?, Func<string, Task>)>
        {
            (options.ReportPath, path => OutputPaths.WriteFileAsync(path, ReportJson.Serialize(report), cancellationToken)),
            (options.SummaryPath, path => OutputPaths.WriteFileAsync(path, summary, cancellationToken)),
            (context.Variable("GITHUB_STEP_SUMMARY"), path => GitHubActionsOutput.AppendSummaryAsync(path, summary, cancellationToken)),
        };
        var written = await OutputPaths.WriteAllAsync(context, outputs).ConfigureAwait(false);
        var exitCode = written ? report.ExitCode : Math.Max(report.ExitCode, ExitCodes.Failure);
        context.Console.PromotionResult(report with { ExitCode = exitCode });
        return exitCode;
    }
}
