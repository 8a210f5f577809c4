using System.Text;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>One <c>promote.repos</c> entry of a generated config.</summary>
public sealed record RepoSpec(string Name, string Repo, string Health, string Version)
{
    public string? PushTokenEnv { get; init; }

    public string? VersionField { get; init; }
}

/// <summary>One <c>promote.checks</c> entry: a real bash command.</summary>
public sealed record CheckSpec(string Name, string Run)
{
    public string Timeout { get; init; } = "30s";

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> PassEnv { get; init; } = [];
}

/// <summary>
/// A <c>pipelines.yaml</c> a scenario generates. Every value is written as a single-quoted YAML
/// scalar, so a test can put any text in it. Short poll timings keep the suite fast.
/// </summary>
public sealed record ConfigSpec
{
    public string Host { get; init; } = "github";

    public Uri? ApiUrl { get; init; }

    public string TokenEnv { get; init; } = "GITHUB_TOKEN";

    /// <summary><c>github.identity</c>: the login the read token acts as (null: not configured).</summary>
    public string? Identity { get; init; }

    public IReadOnlyList<RepoSpec> Repos { get; init; } = [];

    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    public string PollTimeout { get; init; } = "2s";

    public string PollInterval { get; init; } = "100ms";

    public string RequestTimeout { get; init; } = "1s";

    public string? Tracker { get; init; }

    public string OnSplit { get; init; } = "rollback";

    /// <summary>Changes one repository's entry.</summary>
    public ConfigSpec WithRepo(string name, Func<RepoSpec, RepoSpec> change) =>
        this with { Repos = Repos.Select(r => r.Name == name ? change(r) : r).ToList() };

    public ConfigSpec WithChecks(params CheckSpec[] checks) => this with { Checks = checks };

    public string ToYaml()
    {
        var yaml = new StringBuilder();
        if (ApiUrl is not null || Host == "github")
        {
            yaml.Append("github:\n");
            if (ApiUrl is not null)
            {
                yaml.Append("  api-url: ").Append(Quote(ApiUrl.AbsoluteUri)).Append('\n');
            }

            yaml.Append("  token-env: ").Append(TokenEnv).Append('\n');
            if (Identity is not null)
            {
                yaml.Append("  identity: ").Append(Quote(Identity)).Append('\n');
            }
        }

        yaml.Append("promote:\n  host: ").Append(Host).Append("\n  repos:\n");
        foreach (var repo in Repos)
        {
            yaml.Append("    - name: ").Append(Quote(repo.Name)).Append('\n')
                .Append("      repo: ").Append(Quote(repo.Repo)).Append('\n')
                .Append("      health: ").Append(Quote(repo.Health)).Append('\n')
                .Append("      version: ").Append(Quote(repo.Version)).Append('\n');
            if (repo.PushTokenEnv is not null)
            {
                yaml.Append("      push-token-env: ").Append(repo.PushTokenEnv).Append('\n');
            }

            if (repo.VersionField is not null)
            {
                yaml.Append("      version-field: ").Append(Quote(repo.VersionField)).Append('\n');
            }
        }

        if (Checks.Count > 0)
        {
            yaml.Append("  checks:\n");
            foreach (var check in Checks)
            {
                yaml.Append("    - name: ").Append(Quote(check.Name)).Append('\n')
                    .Append("      run: ").Append(Quote(check.Run)).Append('\n')
                    .Append("      timeout: ").Append(check.Timeout).Append('\n');
                if (check.Env.Count > 0)
                {
                    yaml.Append("      env:\n");
                    foreach (var (name, value) in check.Env)
                    {
                        yaml.Append("        ").Append(name).Append(": ").Append(Quote(value)).Append('\n');
                    }
                }

                if (check.PassEnv.Count > 0)
                {
                    yaml.Append("      pass-env: [").Append(string.Join(", ", check.PassEnv)).Append("]\n");
                }
            }
        }

        yaml.Append("  poll: { timeout: ").Append(PollTimeout)
            .Append(", interval: ").Append(PollInterval)
            .Append(", request-timeout: ").Append(RequestTimeout).Append(" }\n");
        if (Tracker is not null)
        {
            yaml.Append("  bypass:\n    tracker: ").Append(Quote(Tracker)).Append('\n');
        }

        yaml.Append("  on-split: ").Append(OnSplit).Append('\n');
        return yaml.ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
