namespace Pipelines.Containers;

/// <summary>What every function that runs the CLI against a configuration receives.</summary>
internal sealed record GateArguments
{
    /// <summary>The configuration file, relative to the workspace.</summary>
    public string Config { get; init; } = "pipelines.yaml";

    /// <summary>The variable the configuration reads the GitHub token from (<c>github.token-env</c>).</summary>
    public string GitHubTokenEnv { get; init; } = "GITHUB_TOKEN";

    public bool HasGitHubToken { get; init; }

    /// <summary>A dotenv secret with the per-repo push tokens, check credentials and cloud settings.</summary>
    public bool HasSecretsFile { get; init; }

    /// <summary>The caller supplied the container the checks run in.</summary>
    public bool HasRunner { get; init; }

    public string? RunId { get; init; }

    /// <summary>Extra non-secret variables, <c>NAME=VALUE</c> (for example GITHUB_SERVER_URL).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>A fresh value per call; see <see cref="PlanVariables.RunNonce"/>.</summary>
    public string RunNonce { get; init; } = "";
}

/// <summary>The gate's own options. Justification, actor and trigger are untrusted text.</summary>
internal sealed record PromoteArguments
{
    public bool SkipGate { get; init; }

    public string? Justification { get; init; }

    public string? Actor { get; init; }

    public string? Trigger { get; init; }

    public bool DryRun { get; init; }
}

internal sealed record LiveDeployArguments
{
    /// <summary>Empty means every configured plugin.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary><c>plan</c>, <c>apply</c>, or null for the configuration's depth.</summary>
    public string? Depth { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The wfctl release tag, for example <c>v1.2.3</c>.</summary>
    public string WfctlVersion { get; init; } = "";

    public string WfctlArch { get; init; } = "amd64";

    /// <summary>An optional pin of the binary's SHA-256 on top of the release's checksums file.</summary>
    public string? WfctlSha256 { get; init; }

    /// <summary>The runner's OIDC request token was passed (GitHub Actions with <c>id-token: write</c>).</summary>
    public bool HasOidcRequestToken { get; init; }

    public string? OidcRequestUrl { get; init; }
}

internal sealed record SandboxArguments
{
    /// <summary><c>promote</c>, <c>live-deploy</c>, or null for both.</summary>
    public string? World { get; init; }

    public string? Scenario { get; init; }

    public string RunNonce { get; init; } = "";
}
