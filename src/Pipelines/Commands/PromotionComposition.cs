using Pipelines.Checks;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Git;
using Pipelines.GitHub;
using Pipelines.Probes;
using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>The services of one promotion and the HTTP clients they own, released when the run ends.</summary>
internal sealed class ComposedPromotion(PromotionServices services, IReadOnlyList<IDisposable> owned) : IDisposable
{
    public PromotionServices Services { get; } = services;

    // A command run in a long-lived process (the sandbox, benchmarks, tests) must not leave its
    // connection pools open until a garbage collection finds them.
    public void Dispose()
    {
        foreach (var resource in owned)
        {
            resource.Dispose();
        }
    }
}

/// <summary>Wires the real ports for a promotion: the host named in the configuration, HTTP probes, the process runner.</summary>
internal static class PromotionComposition
{
    public static ComposedPromotion Create(
        PipelinesConfig config,
        PromoteSettings promote,
        PromotionSecrets secrets,
        CommandContext context,
        int? maxParallel = null,
        Func<GitHubClientOptions, GitHubClientOptions>? configureGitHub = null)
    {
        var redactor = secrets.Redactor();
        var processes = new ProcessRunner(redactor, context.Time);
        var checks = new CheckRunner(
            processes,
            context.Environment,
            // Values from --secrets-file are secrets whatever the configuration says: like tokens,
            // they reach a check only through its pass-env.
            PromotionSecrets.TokenVariableNames(config.GitHub, promote).Concat(context.SecretNames),
            redactor,
            context.Time,
            CheckRunnerOptions.Default.WithMaxParallel(maxParallel));
        // Everything a check needs from the caller must be there before anything is contacted.
        checks.Validate(promote.Checks);

        var http = ProbeHttpClientFactory.Create();
        var owned = new List<IDisposable> { http };
        var services = new PromotionServices(
            Host(config, promote, secrets, processes, context, configureGitHub, owned),
            new HealthWaiter(http, context.Time, ProportionalJitter.Shared),
            new VersionVerifier(http, context.Time),
            checks,
            context.Time,
            redactor)
        {
            Observer = context.Console.PromotionProgress(),
            MaxParallel = maxParallel,
        };
        return new ComposedPromotion(services, owned);
    }

    private static IPromotionHost Host(
        PipelinesConfig config,
        PromoteSettings promote,
        PromotionSecrets secrets,
        IProcessRunner processes,
        CommandContext context,
        Func<GitHubClientOptions, GitHubClientOptions>? configureGitHub,
        List<IDisposable> owned)
    {
        if (promote.Host == HostKind.Local)
        {
            return new LocalPromotionHost(new GitCli(processes, context.Environment));
        }

        var factory = new GitHubClientFactory(GitHubOptions(config, context, configureGitHub));
        owned.Add(factory);
        return new GitHubPromotionHost(factory, secrets.ReadToken!, secrets.PushTokens, config.GitHub.ApiUrl);
    }

    private static GitHubClientOptions GitHubOptions(PipelinesConfig config, CommandContext context, Func<GitHubClientOptions, GitHubClientOptions>? configure)
    {
        var options = new GitHubClientOptions { ApiUrl = config.GitHub.ApiUrl, TimeProvider = context.Time };
        return configure is null ? options : configure(options);
    }
}
