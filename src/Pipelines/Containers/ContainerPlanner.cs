namespace Pipelines.Containers;

/// <summary>
/// Decides, as data, what every function of the Dagger module does: which images, which mounts and
/// caches, which variables and secrets, which command lines. The module only replays these steps
/// as Dagger API calls, so this class is where the behaviour lives and is tested.
/// </summary>
/// <remarks>
/// Two directories, never mixed: the CLI is built only from <see cref="PlanInputs.Source"/> (the
/// module's own repository), and the CLI runs only in <see cref="PlanInputs.Workspace"/> (the
/// caller's repository). A workspace's Directory.Build.props, global.json or src/ never reach the
/// build, and a workspace needs none of them.
/// Rules every plan follows:
/// tokens only ever enter a container as secret variables or secret mounts;
/// untrusted text (justification, actor, trigger) only ever enters as a variable value, never an argument;
/// a function that must not be cached sets a fresh nonce right before its command;
/// the gate's exit status is written next to its report, so it survives a blocked gate.
/// </remarks>
internal sealed class ContainerPlanner(ContainerImages images)
{
    /// <summary>The container that builds the CLI; every function that runs the CLI starts with it.</summary>
    public const string BuildContainer = "cli-build";

    /// <summary>The container that runs the CLI.</summary>
    public const string RunContainer = "run";

    /// <summary>The official SDK image, only for its <c>dotnet</c> installation.</summary>
    public const string SdkContainer = "dotnet-sdk";

    /// <summary>Downloads and verifies wfctl.</summary>
    public const string WfctlContainer = "wfctl";

    /// <summary>Kept out of every copy of the source: build output, dependencies, VCS data, generated SDK.</summary>
    public static IReadOnlyList<string> SourceExcludes { get; } =
        ["**/bin", "**/obj", "**/node_modules", "**/TestResults", ".git", "artifacts", "dagger/sdk"];

    /// <summary>
    /// Kept out of the caller's workspace: VCS data and installed dependencies (a check installs
    /// its own). Nothing else: a consumer's <c>bin/</c> may hold the very scripts its checks run.
    /// </summary>
    public static IReadOnlyList<string> WorkspaceExcludes { get; } = [".git", "**/node_modules"];

    /// <summary>What <c>dotnet publish</c> of the CLI needs; a change elsewhere keeps the build cached.</summary>
    public static IReadOnlyList<string> BuildIncludes { get; } =
        ["src/**", "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.config"];

    private const string StandardPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Mode 0755.</summary>
    public const int Executable = 0b111_101_101;

    public ContainerImages Images { get; } = images;

    /// <summary>The CLI in the runtime image, for poking around (<c>dagger call cli terminal</c>).</summary>
    public FunctionPlan Cli()
    {
        var run = new ContainerPlan(RunContainer,
        [
            new FromImageStep(Images.Runtime),
            CopyCli(),
            new EnvStep("PATH", $"{ContainerPaths.Cli}:{StandardPath}"),
        ]);
        return Plan(ModuleFunctions.Cli, [Build(), run], new ContainerResult(RunContainer));
    }

    /// <summary>The project's test suite, exactly as CI runs it (<c>.ci/run</c>), with Node and the .NET SDK.</summary>
    public FunctionPlan Test()
    {
        var sdk = new ContainerPlan(SdkContainer, [new FromImageStep(Images.DotnetSdk)]);
        var test = new ContainerPlan(RunContainer,
        [
            new FromImageStep(Images.Runner),
            new CopyDirectoryStep(ContainerPaths.DotnetRoot, new ContainerDirectory(SdkContainer, ContainerPaths.DotnetRoot)),
            new EnvStep("DOTNET_ROOT", ContainerPaths.DotnetRoot),
            new EnvStep("PATH", $"{ContainerPaths.DotnetRoot}:{StandardPath}"),
            .. DotnetQuiet(),
            new EnvStep("CI", "true"),
            new MountCacheStep(ContainerPaths.NuGetPackages, CacheVolumes.NuGet),
            new MountCacheStep(ContainerPaths.NpmCache, CacheVolumes.Npm),
            CopyModuleSource(),
            new WorkdirStep(ContainerPaths.Work),
            new ExecStep(["bash", ".ci/run"]),
        ]);
        return Plan(ModuleFunctions.Test, [sdk, test], new ContainerResult(RunContainer));
    }

    /// <summary><c>pipelines validate</c>: checks the configuration (and that its variables are set).</summary>
    public FunctionPlan Validate(GateArguments gate)
    {
        var cli = Cli("validate", gate);
        var run = RunCli(gate, baseImage: new FromImageStep(Images.Runtime), prelude: [], variables: [],
            new ExecStep([ContainerPaths.CliExecutable, .. cli]));
        return Plan(ModuleFunctions.Validate, [Build(), run], new ContainerResult(RunContainer));
    }

    /// <summary>The whole gate: <c>pipelines promote</c>.</summary>
    public FunctionPlan Promote(GateArguments gate, PromoteArguments promote, GateOutcome outcome) =>
        PromoteLike(
            outcome == GateOutcome.FailWithGate ? ModuleFunctions.Promote : ModuleFunctions.PromoteReport,
            ["promote"], gate, promote, outcome);

    /// <summary>One stage alone: <c>pipelines stage NAME</c>.</summary>
    public FunctionPlan Stage(GateStage stage, GateArguments gate, PromoteArguments promote, GateOutcome outcome) =>
        PromoteLike(
            outcome == GateOutcome.FailWithGate ? stage.FunctionName() : ModuleFunctions.StageReport,
            ["stage", stage.CliName()], gate, promote, outcome);

    /// <summary><c>pipelines live-deploy</c> with a verified wfctl on the PATH.</summary>
    public FunctionPlan LiveDeploy(GateArguments gate, LiveDeployArguments liveDeploy, GateOutcome outcome)
    {
        var plugins = liveDeploy.Plugins.Select(ArgumentRules.Plugin).ToList();
        if (plugins.Distinct(StringComparer.Ordinal).Count() != plugins.Count)
        {
            throw new ContainerPlanException("plugin: a plugin is given twice");
        }

        var depth = ArgumentRules.Depth(liveDeploy.Depth);
        var oidcUrl = ArgumentRules.HttpsUrl("oidcRequestUrl", liveDeploy.OidcRequestUrl);

        List<string> cli = [.. Cli("live-deploy", gate)];
        foreach (var plugin in plugins)
        {
            cli.AddRange(["--plugin", plugin]);
        }

        if (depth is not null)
        {
            cli.AddRange(["--depth", depth]);
        }

        if (liveDeploy.DryRun)
        {
            cli.Add("--dry-run");
        }

        cli.AddRange(["--report", ContainerPaths.Report, "--summary", ContainerPaths.Summary, "--junit", ContainerPaths.JUnit]);

        List<ContainerStep> variables = [];
        if (oidcUrl is not null)
        {
            variables.Add(new EnvStep(PlanVariables.OidcRequestUrl, oidcUrl));
        }

        if (liveDeploy.HasOidcRequestToken)
        {
            variables.Add(new SecretEnvStep(PlanVariables.OidcRequestToken, PlanInputs.OidcRequestToken));
        }

        var wfctl = Wfctl(liveDeploy);
        var prelude = new ContainerStep[]
        {
            new CopyFileStep(ContainerPaths.Wfctl, new ContainerFile(WfctlContainer, WfctlBinaryPath(liveDeploy)), Permissions: Executable),
        };
        var run = RunCli(gate, new FromImageStep(Images.Runtime), prelude, variables, GateExecs(cli, outcome));
        var function = outcome == GateOutcome.FailWithGate ? ModuleFunctions.LiveDeploy : ModuleFunctions.LiveDeployReport;
        return Plan(function, [Build(), wfctl, run], Result(outcome));
    }

    /// <summary><c>pipelines sandbox</c>: the throwaway world, in a container.</summary>
    public FunctionPlan Sandbox(SandboxArguments sandbox)
    {
        var world = ArgumentRules.World(sandbox.World);
        var scenario = ArgumentRules.Scenario(sandbox.Scenario);
        List<string> cli = [ContainerPaths.CliExecutable, "sandbox"];
        if (world is not null)
        {
            cli.Add(world);
        }

        if (scenario is not null)
        {
            cli.AddRange(["--scenario", scenario]);
        }

        var run = new ContainerPlan(RunContainer,
        [
            new FromImageStep(Images.Runtime),
            CopyCli(),
            new WorkdirStep("/tmp"),
            new EnvStep(PlanVariables.RunNonce, ArgumentRules.RunNonce(sandbox.RunNonce)),
            new ExecStep(cli),
        ]);
        return Plan(ModuleFunctions.Sandbox, [Build(), run], new ContainerResult(RunContainer));
    }

    /// <summary>The URL of the wfctl release asset for this version and architecture.</summary>
    public static string WfctlUrl(string version, string file) =>
        $"https://github.com/GoCodeAlone/workflow/releases/download/{version}/{file}";

    public static string WfctlAsset(string arch) => $"wfctl-linux-{arch}";

    private FunctionPlan PromoteLike(string function, IReadOnlyList<string> command, GateArguments gate, PromoteArguments promote, GateOutcome outcome)
    {
        List<string> cli = [.. command, .. Cli(null, gate)];
        if (promote.SkipGate)
        {
            cli.Add("--skip-gate");
        }

        if (promote.DryRun)
        {
            cli.Add("--dry-run");
        }

        cli.AddRange(["--report", ContainerPaths.Report, "--summary", ContainerPaths.Summary]);

        // Untrusted text: variable values only. The CLI reads them as the defaults of
        // --justification, --actor and --trigger.
        List<ContainerStep> variables = [];
        AddText(variables, PlanVariables.Justification, ArgumentRules.FreeText("justification", promote.Justification));
        AddText(variables, PlanVariables.Actor, ArgumentRules.FreeText("actor", promote.Actor));
        AddText(variables, PlanVariables.Trigger, ArgumentRules.FreeText("trigger", promote.Trigger));

        ContainerStep baseImage = gate.HasRunner
            ? new FromInputContainerStep(PlanInputs.Runner)
            : new FromImageStep(Images.Runner);
        var run = RunCli(gate, baseImage, prelude: [], variables, GateExecs(cli, outcome));
        return Plan(function, [Build(), run], Result(outcome));
    }

    private static void AddText(List<ContainerStep> steps, string name, string? value)
    {
        if (value is not null)
        {
            steps.Add(new EnvStep(name, value));
        }
    }

    /// <summary>
    /// The flags every configuration-reading command shares. <paramref name="subcommand"/> is
    /// prepended when given.
    /// </summary>
    private static List<string> Cli(string? subcommand, GateArguments gate)
    {
        List<string> cli = subcommand is null ? [] : [subcommand];
        cli.AddRange(["--config", ArgumentRules.RelativePath("config", gate.Config)]);
        if (ArgumentRules.RunId(gate.RunId) is { } runId)
        {
            cli.AddRange(["--run-id", runId]);
        }

        if (gate.HasSecretsFile)
        {
            cli.AddRange(["--secrets-file", ContainerPaths.SecretsFile]);
        }

        return cli;
    }

    /// <summary>
    /// The gate runs under a wrapper that records its exit status next to the report and exits 0;
    /// in <see cref="GateOutcome.FailWithGate"/> a last exec exits with the recorded status.
    /// </summary>
    private static ExecStep[] GateExecs(IReadOnlyList<string> cli, GateOutcome outcome)
    {
        var gate = new ExecStep(["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", ContainerPaths.CliExecutable, .. cli]);
        return outcome == GateOutcome.FailWithGate
            ? [gate, new ExecStep(["sh", "-c", ShellScripts.ExitWithRecordedCode])]
            : [gate];
    }

    private static PlanResult Result(GateOutcome outcome) =>
        outcome == GateOutcome.FailWithGate
            ? new ContainerResult(RunContainer)
            : new DirectoryResult(RunContainer, ContainerPaths.Out);

    /// <summary>The container that runs a configuration-reading command, with its inputs in a fixed order.</summary>
    private static ContainerPlan RunCli(
        GateArguments gate,
        ContainerStep baseImage,
        IReadOnlyList<ContainerStep> prelude,
        IReadOnlyList<ContainerStep> variables,
        params IReadOnlyList<ExecStep> execs)
    {
        var tokenEnv = ArgumentRules.VariableName("githubTokenEnv", gate.GitHubTokenEnv);
        var reserved = new[] { tokenEnv, PlanVariables.OidcRequestUrl, PlanVariables.OidcRequestToken, "PATH", "HOME" };
        var environment = ArgumentRules.Environment(gate.Environment, reserved);

        List<ContainerStep> steps = [baseImage, CopyCli(), .. prelude, CopyWorkspace(), new WorkdirStep(ContainerPaths.Work)];
        steps.Add(new EnvStep(PlanVariables.Out, ContainerPaths.Out));
        steps.AddRange(environment.Select(variable => new EnvStep(variable.Key, variable.Value)));
        steps.AddRange(variables);
        if (gate.HasGitHubToken)
        {
            steps.Add(new SecretEnvStep(tokenEnv, PlanInputs.GitHubToken));
        }

        if (gate.HasSecretsFile)
        {
            steps.Add(new SecretMountStep(ContainerPaths.SecretsFile, PlanInputs.Secrets));
        }

        // Last before the command, so everything above stays cached and only the command reruns.
        steps.Add(new EnvStep(PlanVariables.RunNonce, ArgumentRules.RunNonce(gate.RunNonce)));
        steps.AddRange(execs);
        return new ContainerPlan(RunContainer, steps);
    }

    /// <summary>Publishes the CLI self-contained for the container's platform, with a NuGet cache.</summary>
    private ContainerPlan Build() => new(BuildContainer,
    [
        new FromImageStep(Images.DotnetSdk),
        .. DotnetQuiet(),
        new MountCacheStep(ContainerPaths.NuGetPackages, CacheVolumes.NuGet),
        new CopyDirectoryStep(ContainerPaths.BuildSource, new InputDirectory(PlanInputs.Source))
        {
            Include = BuildIncludes,
            Exclude = SourceExcludes,
        },
        new WorkdirStep(ContainerPaths.BuildSource),
        new ExecStep(
        [
            "dotnet", "publish", "src/Pipelines.Cli/Pipelines.Cli.csproj",
            "--configuration", "Release",
            "--use-current-runtime", "--self-contained",
            "--output", ContainerPaths.BuildOutput,
        ]),
    ]);

    /// <summary>
    /// Downloads wfctl and its release checksums in a container step (not the engine's http fetch,
    /// see <see cref="ShellScripts.DownloadWfctl"/>), and checks one against the other.
    /// </summary>
    private ContainerPlan Wfctl(LiveDeployArguments liveDeploy)
    {
        var version = ArgumentRules.WfctlVersion(liveDeploy.WfctlVersion);
        var asset = WfctlAsset(ArgumentRules.WfctlArch(liveDeploy.WfctlArch));
        var sha256 = ArgumentRules.Sha256(liveDeploy.WfctlSha256);
        List<ContainerStep> steps =
        [
            new FromImageStep(Images.Runtime),
            new WorkdirStep(ContainerPaths.WfctlDownload),
            new EnvStep(PlanVariables.WfctlAsset, asset),
            new EnvStep(PlanVariables.WfctlUrl, WfctlUrl(version, asset)),
            new EnvStep(PlanVariables.WfctlChecksumsUrl, WfctlUrl(version, "checksums.txt")),
        ];
        if (sha256 is not null)
        {
            steps.Add(new EnvStep(PlanVariables.WfctlSha256, sha256));
        }

        steps.Add(new ExecStep(["sh", "-c", ShellScripts.DownloadWfctl]));
        steps.Add(new ExecStep(["sh", "-c", ShellScripts.VerifyChecksum]));
        return new ContainerPlan(WfctlContainer, steps);
    }

    private static string WfctlBinaryPath(LiveDeployArguments liveDeploy) =>
        $"{ContainerPaths.WfctlDownload}/{WfctlAsset(liveDeploy.WfctlArch)}";

    private static CopyDirectoryStep CopyCli() =>
        new(ContainerPaths.Cli, new ContainerDirectory(BuildContainer, ContainerPaths.BuildOutput));

    /// <summary>This project's own checkout, for its test suite.</summary>
    private static CopyDirectoryStep CopyModuleSource() =>
        new(ContainerPaths.Work, new InputDirectory(PlanInputs.Source)) { Exclude = SourceExcludes };

    /// <summary>The caller's workspace, where the CLI reads its configuration and runs the checks.</summary>
    private static CopyDirectoryStep CopyWorkspace() =>
        new(ContainerPaths.Work, new InputDirectory(PlanInputs.Workspace)) { Exclude = WorkspaceExcludes };

    private static EnvStep[] DotnetQuiet() =>
    [
        new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        new("DOTNET_NOLOGO", "1"),
        new("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"),
    ];

    private static FunctionPlan Plan(string function, IReadOnlyList<ContainerPlan> containers, PlanResult result) =>
        new(function, ModuleFunctions.CachePolicyOf(function), containers, result);
}

/// <summary>How a gate function ends.</summary>
internal enum GateOutcome
{
    /// <summary>The call fails with the gate's exit status (what <c>dagger call promote</c> does).</summary>
    FailWithGate,

    /// <summary>The call returns the output directory (report.json, summary.md, exit-code) whatever the gate decided.</summary>
    ReturnReport,
}
