using Dagger;
using Pipelines.Containers;

namespace PipelinesModule;

/// <summary>
/// Pipelines in containers: the coordinated staging→prod promotion gate and the IaC live-deploy
/// matrix, run by the same tested CLI on a laptop, a self-hosted runner and GitHub Actions.
/// </summary>
/// <remarks>
/// Every function asks the planner (src/Pipelines/Containers) what to do and replays its steps;
/// nothing is decided here. Two directories: source (this module's repository, which the CLI is
/// built from; for a remote module [DefaultPath("/")] is the module's repository at the called
/// ref) and workspace (the caller's repository, where the CLI runs). Gate functions come in
/// pairs: X fails with the gate's exit code, X-report returns report.json, summary.md and
/// exit-code whatever the gate decided.
/// </remarks>
[Object]
public class Pipelines
{
    private static readonly ContainerPlanner Planner = new(ContainerImages.Default);

    /// <summary>The CLI in its runtime image (try: dagger call cli terminal).</summary>
    /// <param name="source">The project's source.</param>
    [Function]
    public Container Cli(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source) =>
        PlanRunner.ToContainer(Planner.Cli(), new ModuleInputs(source));

    /// <summary>The project's test suite in a container: the same check CI runs (.ci/run).</summary>
    /// <param name="source">The project's source.</param>
    [Function]
    public Container Test(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source) =>
        PlanRunner.ToContainer(Planner.Test(), new ModuleInputs(source));

    /// <summary>Checks a configuration without contacting anything (pipelines validate).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token (for example env://GITHUB_TOKEN).</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from (github.token-env).</param>
    /// <param name="secrets">A dotenv file of the other secrets the configuration names (for example env://PIPELINES_SECRETS).</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container Validate(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string[]? env = null) =>
        PlanRunner.ToContainer(
            Planner.Validate(Gate(config, githubToken, githubTokenEnv, secrets, runId: null, env, runner: null)),
            Inputs(source, workspace, githubToken, secrets));

    /// <summary>Runs the promotion gate (pipelines promote); the call fails with the gate's exit code.</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The token for reads and the audit entry (for example env://GITHUB_TOKEN).</param>
    /// <param name="githubTokenEnv">The variable the configuration reads that token from (github.token-env).</param>
    /// <param name="secrets">A dotenv file with the per-repo push tokens and the checks' credentials (for example env://PIPELINES_SECRETS).</param>
    /// <param name="skipGate">Bypass health, version and checks; needs a justification, which is posted before any push.</param>
    /// <param name="justification">Why the gate is skipped. Untrusted text: it reaches the CLI as a variable only.</param>
    /// <param name="actor">Who runs the gate. Untrusted text: it reaches the CLI as a variable only.</param>
    /// <param name="trigger">The triggering event as JSON, recorded in the report. Untrusted: a variable only.</param>
    /// <param name="dryRun">Run every read, probe and check; write nothing.</param>
    /// <param name="runId">Identifies the run in audit entries (for example the GitHub run id).</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE (for example GITHUB_SERVER_URL=https://github.com).</param>
    /// <param name="runner">The toolchain the checks need; default: an image with Node. The CLI is added to it.</param>
    [Function(Cache = "never")]
    public Container Promote(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        bool skipGate = false,
        string? justification = null,
        string? actor = null,
        string? trigger = null,
        bool dryRun = false,
        string? runId = null,
        string[]? env = null,
        Container? runner = null) =>
        PlanRunner.ToContainer(
            Planner.Promote(
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner),
                Promotion(skipGate, justification, actor, trigger, dryRun),
                GateOutcome.FailWithGate),
            Inputs(source, workspace, githubToken, secrets, runner));

    /// <summary>Runs the promotion gate and returns report.json, summary.md and exit-code, even when the gate blocked.</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The token for reads and the audit entry (for example env://GITHUB_TOKEN).</param>
    /// <param name="githubTokenEnv">The variable the configuration reads that token from (github.token-env).</param>
    /// <param name="secrets">A dotenv file with the per-repo push tokens and the checks' credentials.</param>
    /// <param name="skipGate">Bypass health, version and checks; needs a justification.</param>
    /// <param name="justification">Why the gate is skipped. Untrusted text: a variable only.</param>
    /// <param name="actor">Who runs the gate. Untrusted text: a variable only.</param>
    /// <param name="trigger">The triggering event as JSON. Untrusted: a variable only.</param>
    /// <param name="dryRun">Run every read, probe and check; write nothing.</param>
    /// <param name="runId">Identifies the run in audit entries.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    /// <param name="runner">The toolchain the checks need; default: an image with Node.</param>
    [Function(Cache = "never")]
    public Directory PromoteReport(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        bool skipGate = false,
        string? justification = null,
        string? actor = null,
        string? trigger = null,
        bool dryRun = false,
        string? runId = null,
        string[]? env = null,
        Container? runner = null) =>
        PlanRunner.ToDirectory(
            Planner.Promote(
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner),
                Promotion(skipGate, justification, actor, trigger, dryRun),
                GateOutcome.ReturnReport),
            Inputs(source, workspace, githubToken, secrets, runner));

    /// <summary>Stage alone: reads every repository's source and target SHAs (pipelines stage resolve-shas).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container ResolveShas(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.ResolveShas, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env);

    /// <summary>Stage alone: checks that every target branch is an ancestor of its source (pipelines stage check-ancestry).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container CheckAncestry(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.CheckAncestry, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env);

    /// <summary>Stage alone: polls every staging health URL (pipelines stage poll-health).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container PollHealth(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.PollHealth, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env);

    /// <summary>Stage alone: checks that staging reports the exact source SHAs (pipelines stage verify-version).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container VerifyVersion(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.VerifyVersion, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env);

    /// <summary>Stage alone: runs the configured checks in the runner (pipelines stage run-checks).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file with the checks' credentials.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    /// <param name="runner">The toolchain the checks need; default: an image with Node.</param>
    [Function(Cache = "never")]
    public Container RunChecks(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? runId = null,
        string[]? env = null,
        Container? runner = null) =>
        Stage(GateStage.RunChecks, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env, runner: runner);

    /// <summary>Stage alone: posts the bypass audit entry to the tracker (pipelines stage log-bypass).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="justification">Why the gate is skipped. Untrusted text: a variable only.</param>
    /// <param name="actor">Who runs it. Untrusted text: a variable only.</param>
    /// <param name="trigger">The triggering event as JSON. Untrusted: a variable only.</param>
    /// <param name="dryRun">Show the entry; post nothing.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container LogBypass(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? justification = null,
        string? actor = null,
        string? trigger = null,
        bool dryRun = false,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.LogBypass, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env,
            Promotion(skipGate: true, justification, actor, trigger, dryRun));

    /// <summary>Stage alone: moves the prod branches, fast-forward only, with the bypass rules (pipelines stage push-prod).</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file with the per-repo push tokens.</param>
    /// <param name="justification">Why the gate is skipped. Untrusted text: a variable only.</param>
    /// <param name="actor">Who runs it. Untrusted text: a variable only.</param>
    /// <param name="trigger">The triggering event as JSON. Untrusted: a variable only.</param>
    /// <param name="dryRun">Show what would be pushed; write nothing.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Container PushProd(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        string? justification = null,
        string? actor = null,
        string? trigger = null,
        bool dryRun = false,
        string? runId = null,
        string[]? env = null) =>
        Stage(GateStage.PushProd, source, workspace, config, githubToken, githubTokenEnv, secrets, runId, env,
            Promotion(skipGate: true, justification, actor, trigger, dryRun));

    /// <summary>Runs one stage alone and returns report.json, summary.md and exit-code, whatever it decided.</summary>
    /// <param name="stage">resolve-shas, check-ancestry, poll-health, verify-version, run-checks, log-bypass or push-prod.</param>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file of the other secrets.</param>
    /// <param name="skipGate">Use the bypass rules (log-bypass and push-prod need them).</param>
    /// <param name="justification">Why the gate is skipped. Untrusted text: a variable only.</param>
    /// <param name="actor">Who runs it. Untrusted text: a variable only.</param>
    /// <param name="trigger">The triggering event as JSON. Untrusted: a variable only.</param>
    /// <param name="dryRun">Write nothing.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    /// <param name="runner">The toolchain the checks need (run-checks); default: an image with Node.</param>
    [Function(Cache = "never")]
    public Directory StageReport(
        string stage,
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string config = "pipelines.yaml",
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        bool skipGate = false,
        string? justification = null,
        string? actor = null,
        string? trigger = null,
        bool dryRun = false,
        string? runId = null,
        string[]? env = null,
        Container? runner = null) =>
        PlanRunner.ToDirectory(
            Planner.Stage(
                GateStages.Parse(stage),
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner),
                Promotion(skipGate, justification, actor, trigger, dryRun),
                GateOutcome.ReturnReport),
            Inputs(source, workspace, githubToken, secrets, runner));

    /// <summary>Validates IaC plugin examples against a real cloud (pipelines live-deploy); the call fails with its exit code.</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="wfctlVersion">The wfctl release to use, for example v1.2.3; verified against the release's checksums.txt.</param>
    /// <param name="plugin">The plugins to validate; default: every configured plugin.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="depth">plan or apply; default: the configuration's.</param>
    /// <param name="dryRun">Validate, but open no pull request or issue.</param>
    /// <param name="wfctlArch">amd64 or arm64, matching the engine's platform.</param>
    /// <param name="wfctlChecksum">Optionally pin the binary's SHA-256 as well.</param>
    /// <param name="githubToken">The GitHub token (registry pull requests, investigation issues).</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file with cloud settings and tokens (for example STAGING_DIGITALOCEAN_TOKEN).</param>
    /// <param name="oidcRequestToken">GitHub Actions' OIDC request token (env://ACTIONS_ID_TOKEN_REQUEST_TOKEN).</param>
    /// <param name="oidcRequestUrl">GitHub Actions' OIDC request URL ($ACTIONS_ID_TOKEN_REQUEST_URL).</param>
    /// <param name="runId">Identifies the run (resource tags, idempotent comments).</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE (for example STAGING_AWS_ROLE_ARN=…).</param>
    [Function(Cache = "never")]
    public Container LiveDeploy(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        string wfctlVersion,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string[]? plugin = null,
        string config = "pipelines.yaml",
        string? depth = null,
        bool dryRun = false,
        string wfctlArch = "amd64",
        string? wfctlChecksum = null,
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        Secret? oidcRequestToken = null,
        string? oidcRequestUrl = null,
        string? runId = null,
        string[]? env = null) =>
        PlanRunner.ToContainer(
            Planner.LiveDeploy(
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner: null),
                LiveDeployment(plugin, depth, dryRun, wfctlVersion, wfctlArch, wfctlChecksum, oidcRequestToken, oidcRequestUrl),
                GateOutcome.FailWithGate),
            Inputs(source, workspace, githubToken, secrets, oidcRequestToken: oidcRequestToken));

    /// <summary>Runs live-deploy and returns report.json, summary.md, junit.xml and exit-code, whatever the verdicts.</summary>
    /// <param name="source">The Pipelines source the CLI is built from: this module's repository.</param>
    /// <param name="workspace">Your repository: pipelines.yaml and the checks' code (for example --workspace .). Required when the module is called from another repository; default: this module's own checkout.</param>
    /// <param name="wfctlVersion">The wfctl release to use, for example v1.2.3.</param>
    /// <param name="plugin">The plugins to validate; default: every configured plugin.</param>
    /// <param name="config">The configuration file, relative to the workspace.</param>
    /// <param name="depth">plan or apply; default: the configuration's.</param>
    /// <param name="dryRun">Validate, but open no pull request or issue.</param>
    /// <param name="wfctlArch">amd64 or arm64.</param>
    /// <param name="wfctlChecksum">Optionally pin the binary's SHA-256 as well.</param>
    /// <param name="githubToken">The GitHub token.</param>
    /// <param name="githubTokenEnv">The variable the configuration reads the token from.</param>
    /// <param name="secrets">A dotenv file with cloud settings and tokens.</param>
    /// <param name="oidcRequestToken">GitHub Actions' OIDC request token.</param>
    /// <param name="oidcRequestUrl">GitHub Actions' OIDC request URL.</param>
    /// <param name="runId">Identifies the run.</param>
    /// <param name="env">Extra non-secret variables, NAME=VALUE.</param>
    [Function(Cache = "never")]
    public Directory LiveDeployReport(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        string wfctlVersion,
        [Ignore(".git", "**/node_modules")] Directory? workspace = null,
        string[]? plugin = null,
        string config = "pipelines.yaml",
        string? depth = null,
        bool dryRun = false,
        string wfctlArch = "amd64",
        string? wfctlChecksum = null,
        Secret? githubToken = null,
        string githubTokenEnv = "GITHUB_TOKEN",
        Secret? secrets = null,
        Secret? oidcRequestToken = null,
        string? oidcRequestUrl = null,
        string? runId = null,
        string[]? env = null) =>
        PlanRunner.ToDirectory(
            Planner.LiveDeploy(
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner: null),
                LiveDeployment(plugin, depth, dryRun, wfctlVersion, wfctlArch, wfctlChecksum, oidcRequestToken, oidcRequestUrl),
                GateOutcome.ReturnReport),
            Inputs(source, workspace, githubToken, secrets, oidcRequestToken: oidcRequestToken));

    /// <summary>The sandbox in a container: a throwaway world and a real gate (pipelines sandbox).</summary>
    /// <param name="source">The project's source.</param>
    /// <param name="world">promote or live-deploy; default: both.</param>
    /// <param name="scenario">A failure path to show, for example version-mismatch, unhealthy, check-fails or bypass.</param>
    [Function(Cache = "never")]
    public Container Sandbox(
        [DefaultPath("/")] [Ignore("**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk")] Directory source,
        string? world = null,
        string? scenario = null) =>
        PlanRunner.ToContainer(
            Planner.Sandbox(new SandboxArguments { World = world, Scenario = scenario, RunNonce = NewNonce() }),
            new ModuleInputs(source));

    private static Container Stage(
        GateStage stage,
        Directory source,
        Directory? workspace,
        string config,
        Secret? githubToken,
        string githubTokenEnv,
        Secret? secrets,
        string? runId,
        string[]? env,
        PromoteArguments? promote = null,
        Container? runner = null) =>
        PlanRunner.ToContainer(
            Planner.Stage(
                stage,
                Gate(config, githubToken, githubTokenEnv, secrets, runId, env, runner),
                promote ?? new PromoteArguments(),
                GateOutcome.FailWithGate),
            Inputs(source, workspace, githubToken, secrets, runner));

    private static GateArguments Gate(
        string config, Secret? githubToken, string githubTokenEnv, Secret? secrets, string? runId, string[]? env, Container? runner) =>
        new()
        {
            Config = config,
            GitHubTokenEnv = githubTokenEnv,
            HasGitHubToken = githubToken is not null,
            HasSecretsFile = secrets is not null,
            HasRunner = runner is not null,
            RunId = runId,
            Environment = env ?? [],
            RunNonce = NewNonce(),
        };

    private static PromoteArguments Promotion(bool skipGate, string? justification, string? actor, string? trigger, bool dryRun) =>
        new()
        {
            SkipGate = skipGate,
            Justification = justification,
            Actor = actor,
            Trigger = trigger,
            DryRun = dryRun,
        };

    private static LiveDeployArguments LiveDeployment(
        string[]? plugins, string? depth, bool dryRun, string wfctlVersion, string wfctlArch, string? wfctlChecksum,
        Secret? oidcRequestToken, string? oidcRequestUrl) =>
        new()
        {
            Plugins = plugins ?? [],
            Depth = depth,
            DryRun = dryRun,
            WfctlVersion = wfctlVersion,
            WfctlArch = wfctlArch,
            WfctlSha256 = wfctlChecksum,
            HasOidcRequestToken = oidcRequestToken is not null,
            OidcRequestUrl = oidcRequestUrl,
        };

    private static ModuleInputs Inputs(
        Directory source, Directory? workspace, Secret? githubToken, Secret? secrets, Container? runner = null, Secret? oidcRequestToken = null) =>
        new ModuleInputs(source, workspace)
            .WithSecrets(
                (PlanInputs.GitHubToken, githubToken),
                (PlanInputs.Secrets, secrets),
                (PlanInputs.OidcRequestToken, oidcRequestToken))
            .WithContainers((PlanInputs.Runner, runner));

    // A fresh value per call keeps the engine from replaying an earlier gate's exec.
    private static string NewNonce() => Guid.NewGuid().ToString("N");
}
