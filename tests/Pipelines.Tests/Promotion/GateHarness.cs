using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Pipelines.Checks;
using Pipelines.Configuration;
using Pipelines.Probes;
using Pipelines.Promotion;
using Pipelines.Security;

namespace Pipelines.Tests.Promotion;

/// <summary>Arranges a gate over in-memory repositories with passing probes and checks by default.</summary>
internal sealed class GateHarness
{
    public const string Main1 = "1111111111111111111111111111111111111111";
    public const string Prod1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string Main2 = "2222222222222222222222222222222222222222";
    public const string Prod2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly List<RepoSettings> _repos = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public IPromotionHost Host { get; } = Substitute.For<IPromotionHost>();

    public IHealthWaiter Health { get; } = Substitute.For<IHealthWaiter>();

    public IVersionVerifier Version { get; } = Substitute.For<IVersionVerifier>();

    public ICheckRunner Checks { get; } = Substitute.For<ICheckRunner>();

    public IAuditTrail Tracker { get; } = Substitute.For<IAuditTrail>();

    public Dictionary<string, FakeBranches> Repos { get; } = [];

    public List<CheckSettings> CheckSettings { get; } = [];

    public SplitPolicy OnSplit { get; set; } = SplitPolicy.Rollback;

    public BypassSettings? Bypass { get; set; } = new("acme/tracker#1");

    public List<string> Events { get; } = [];

    public GateHarness()
    {
        Health.WaitUntilHealthyAsync(default!, default!, default)
            .ReturnsForAnyArgs(ci => { Events.Add($"health {ci.Arg<Uri>()?.Host}"); return ProbeResult.Pass("200", TimeSpan.Zero); });
        Version.VerifyAsync(default!, default!, default!, default, default)
            .ReturnsForAnyArgs(ci => { Events.Add($"version {ci.Arg<Uri>()?.Host}"); return ProbeResult.Pass("matches", TimeSpan.Zero); });
        Checks.RunAsync(default!, default, default)
            .ReturnsForAnyArgs(ci => { Events.Add("checks"); return (IReadOnlyList<CheckOutcome>)[]; });
        Tracker.Location.Returns("https://github.com/acme/tracker/issues/1");
        Tracker.AppendAsync(default!, default)
            .ReturnsForAnyArgs(ci => { Events.Add("audit"); return "https://github.com/acme/tracker/issues/1#issuecomment-7"; });
        Host.OpenRepository(default!).ReturnsForAnyArgs(ci => Repos[ci.Arg<RepoSettings>().Name]);
        Host.OpenTracker(default).ReturnsForAnyArgs(ci => ci.Arg<BypassSettings?>() is null ? null : Tracker);
        Host.IdentityAsync(default).ReturnsForAnyArgs(new TokenIdentity("pipelines-bot", null));
    }

    public FakeBranches AddRepo(string name, string? main, string? prod)
    {
        var branches = new FakeBranches($"acme/{name}") { ["main"] = main, ["prod"] = prod };
        Repos[name] = branches;
        _repos.Add(new RepoSettings(
            name, $"acme/{name}", "main", "prod", "PUSH_TOKEN",
            new Uri($"https://{name}.staging.test/healthcheck"), new Uri($"https://{name}.staging.test/version"), "sha"));
        return branches;
    }

    public PromoteSettings Settings => new(HostKind.GitHub, _repos, CheckSettings, PollSettings.Default, Bypass, OnSplit);

    public PromotionServices Services => new(Host, Health, Version, Checks, Time, new SecretRedactor([new Secret("T", "s3cr3t-token")]));

    public Task<PromotionReport> RunAsync(
        Func<PromotionRequest, PromotionRequest>? configure = null,
        CancellationToken cancellationToken = default,
        Func<PromotionServices, PromotionServices>? services = null)
    {
        var request = new PromotionRequest(Settings, new RunIdentity("42", new Uri("https://github.com/acme/ops/actions/runs/42")))
        {
            Actor = "octocat",
        };
        var gate = new PromotionGate(services?.Invoke(Services) ?? Services);
        return gate.RunAsync(configure?.Invoke(request) ?? request, cancellationToken);
    }

    public static CheckSettings Check(string name) =>
        new(name, "true", "/tmp", new Dictionary<string, string>(), [], TimeSpan.FromMinutes(1), null, []);
}
