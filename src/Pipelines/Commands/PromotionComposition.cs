using Pipelines.Checks;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Git;
using Pipelines.GitHub;
using Pipelines.Probes;
using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>Wires the real ports for a promotion: the host named in the configuration, HTTP probes, the process runner.</summary>
internal static class PromotionComposition
{
    public static PromotionServices Create(
        PipelinesConfig config,
        PromoteSettings promote,
        PromotionSecrets secrets,
        CommandContext context,
        DisposalScope scope,
        int? maxParallel = null,
        Func<GitHubClientOptions, GitHubClientOptions>? configureGitHub = null)
    {
        var redactor = secrets.Redactor();
        var processes = new ProcessRunner(redactor, context.Time);
        var checks = new CheckRunner(
            processes,
            context.Environment,
            PromotionSecrets.WithheldFromChecks(config.GitHub, promote, context),
            redactor,
            context.Time,
            CheckRunnerOptions.Default.WithMaxParallel(maxParallel));
        // Everything a check needs from the caller must be there before anything is contacted.
        checks.Validate(promote.Checks);

        var http = scope.Own(ProbeHttpClientFactory.Create());
        return new PromotionServices(
            Host(config, promote, secrets, processes, context, scope, configureGitHub),
            new HealthWaiter(http, context.Time, ProportionalJitter.Shared),
            new VersionVerifier(http, context.Time),
            checks,
            context.Time,
            redactor)
        {
            Observer = context.Console.PromotionProgress(),
            MaxParallel = maxParallel,
        };
    }

    private static IPromotionHost Host(
        PipelinesConfig config,
        PromoteSettings promote,
        PromotionSecrets secrets,
        IProcessRunner processes,
        CommandContext context,
        DisposalScope scope,
        Func<GitHubClientOptions, GitHubClientOptions>? configureGitHub) =>
        promote.Host switch
        {
            HostKind.Local => new LocalPromotionHost(new GitCli(processes, context.Environment)),
            _ => new GitHubPromotionHost(
                scope.Own(new GitHubClientFactory(GitHubOptions(config, context, configureGitHub))),
                secrets.ReadToken!,
                secrets.PushTokens,
                config.GitHub.ApiUrl,
                config.GitHub.Identity),
        };

    private static GitHubClientOptions GitHubOptions(PipelinesConfig config, CommandContext context, Func<GitHubClientOptions, GitHubClientOptions>? configure)
    {
        var options = new GitHubClientOptions { ApiUrl = config.GitHub.ApiUrl, TimeProvider = context.Time };
        return configure is null ? options : configure(options);
    }
}
