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
    public static PromotionServices Create(PipelinesConfig config, PromoteSettings promote, PromotionSecrets secrets, CommandContext context)
    {
        var redactor = secrets.Redactor();
        var processes = new ProcessRunner(redactor, context.Time);
        var checks = new CheckRunner(
            processes,
            context.Environment,
            PromotionSecrets.TokenVariableNames(config.GitHub, promote),
            redactor,
            context.Time);
        // Everything a check needs from the caller must be there before anything is contacted.
        checks.Validate(promote.Checks);

        var http = ProbeHttpClientFactory.Create();
        return new PromotionServices(
            Host(config, promote, secrets, processes, context),
            new HealthWaiter(http, context.Time, ProportionalJitter.Shared),
            new VersionVerifier(http, context.Time),
            checks,
            context.Time,
            redactor)
        {
            Observer = context.Console.PromotionProgress(),
        };
    }

    private static IPromotionHost Host(PipelinesConfig config, PromoteSettings promote, PromotionSecrets secrets, IProcessRunner processes, CommandContext context) =>
        promote.Host switch
        {
            HostKind.Local => new LocalPromotionHost(new GitCli(processes, context.Environment)),
            _ => new GitHubPromotionHost(
                new GitHubClientFactory(new GitHubClientOptions { ApiUrl = config.GitHub.ApiUrl, TimeProvider = context.Time }),
                secrets.ReadToken!,
                // Without a push token the run cannot write (a dry run): reads are all it does with this client.
                repo => secrets.PushTokens.GetValueOrDefault(repo.Name) ?? secrets.ReadToken!,
                config.GitHub.ApiUrl),
        };
}
