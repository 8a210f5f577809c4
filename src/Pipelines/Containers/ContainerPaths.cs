namespace Pipelines.Containers;

/// <summary>Fixed paths inside the module's containers.</summary>
internal static class ContainerPaths
{
    public const string BuildSource = "/src";
    public const string BuildOutput = "/out/cli";
    public const string Cli = "/opt/pipelines";
    public const string CliExecutable = "/opt/pipelines/pipelines";
    public const string Work = "/work";
    public const string Out = "/out";
    public const string Report = "/out/report.json";
    public const string Summary = "/out/summary.md";
    public const string JUnit = "/out/junit.xml";
    public const string ExitCode = "/out/exit-code";
    public const string SecretsFile = "/run/secrets/pipelines.env";
    public const string NuGetPackages = "/root/.nuget/packages";
    public const string NpmCache = "/root/.npm";
    public const string DotnetRoot = "/usr/share/dotnet";
    public const string WfctlDownload = "/wfctl";
    public const string Wfctl = "/usr/local/bin/wfctl";
}

/// <summary>The names of the module function's arguments that steps refer to.</summary>
internal static class PlanInputs
{
    /// <summary>The Pipelines source the CLI is built from: the module's own repository, never the caller's.</summary>
    public const string Source = "source";

    /// <summary>
    /// The caller's directory: pipelines.yaml, the checks' code, live-deploy overrides. It is the
    /// run step's working directory and never reaches the CLI build.
    /// </summary>
    public const string Workspace = "workspace";
    public const string Runner = "runner";
    public const string GitHubToken = "githubToken";
    public const string Secrets = "secrets";
    public const string OidcRequestToken = "oidcRequestToken";
}

/// <summary>Cache volumes: shared between runs, so only package downloads go in them.</summary>
internal static class CacheVolumes
{
    public const string NuGet = "pipelines-nuget";
    public const string Npm = "pipelines-npm";
}

/// <summary>Environment variable names the plans set.</summary>
internal static class PlanVariables
{
    public const string Out = "PIPELINES_OUT";
    public const string Justification = "PIPELINES_JUSTIFICATION";
    public const string Actor = "PIPELINES_ACTOR";
    public const string Trigger = "PIPELINES_TRIGGER";

    /// <summary>
    /// A fresh value per call, set just before the command, so the engine never replays a cached
    /// exec of a gate whose inputs happen to be identical to an earlier run.
    /// </summary>
    public const string RunNonce = "PIPELINES_RUN_NONCE";

    public const string OidcRequestUrl = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string OidcRequestToken = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public const string WfctlAsset = "WFCTL_ASSET";
    public const string WfctlUrl = "WFCTL_URL";
    public const string WfctlChecksumsUrl = "WFCTL_CHECKSUMS_URL";
    public const string WfctlSha256 = "WFCTL_SHA256";
}
