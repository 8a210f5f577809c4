using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Pipelines.Tests.Workflows.WorkflowYaml;

namespace Pipelines.Tests.Workflows;

/// <summary>
/// The reusable workflows a consumer calls with a `uses:` line: their `workflow_call` contract is
/// the one docs/github-actions.md documents, and every caller (this repository's own and the
/// examples') passes only inputs and secrets that exist, and every required one.
/// </summary>
public sealed partial class ReusableWorkflowTests
{
    public static TheoryData<string> Reusable => new(".github/workflows/reusable-promote.yml", ".github/workflows/reusable-live-deploy.yml");

    public static TheoryData<string> Callers => new(
        ".github/workflows/promote.yml",
        ".github/workflows/live-deploy.yml",
        "examples/two-services/.github/workflows/promote.yml",
        "examples/plugin-matrix/.github/workflows/live-deploy.yml");

    [Theory]
    [MemberData(nameof(Reusable))]
    public void The_documented_inputs_are_exactly_the_declared_ones_with_their_types_and_required_flags(string workflow)
    {
        var declared = Entries(Map(WorkflowCall(workflow), "inputs"))
            .Select(i => $"{i.Name} | {Text(i.Body, "type")} | {(Text(i.Body, "required") == "true" ? "yes" : "no")}")
            .Order();

        Assert.Equal(declared, DocumentedRows(workflow, "Inputs").Select(r => $"{r[0]} | {r[1]} | {r[2]}").Order());
    }

    [Theory]
    [MemberData(nameof(Reusable))]
    public void The_documented_secrets_are_exactly_the_declared_ones_with_their_required_flags(string workflow)
    {
        var declared = Entries(Map(WorkflowCall(workflow), "secrets"))
            .Select(s => $"{s.Name} | {(Text(s.Body, "required") == "true" ? "yes" : "no")}")
            .Order();

        Assert.Equal(declared, DocumentedRows(workflow, "Secrets").Select(r => $"{r[0]} | {r[1]}").Order());
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public void A_caller_passes_only_declared_inputs_and_secrets_and_every_required_one(string caller)
    {
        foreach (var (_, job) in Entries(Map(Load(caller), "jobs")))
        {
            var (callee, _) = Callee(Text(job, "uses"));
            var call = WorkflowCall(callee);
            var inputs = Entries(Map(call, "inputs")).ToDictionary(i => i.Name, i => Text(i.Body, "required") == "true");
            var secrets = Entries(Map(call, "secrets")).ToDictionary(s => s.Name, s => Text(s.Body, "required") == "true");
            var with = Map(job, "with")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? [];
            var passed = Map(job, "secrets")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? [];

            Assert.All(with, name => Assert.True(inputs.ContainsKey(name), $"{caller}: {name} is not an input of {callee}"));
            Assert.All(inputs.Where(i => i.Value).Select(i => i.Key), name => Assert.Contains(name, with));
            Assert.All(passed, name => Assert.True(secrets.ContainsKey(name), $"{caller}: {name} is not a secret of {callee}"));
            Assert.All(secrets.Where(s => s.Value).Select(s => s.Key), name => Assert.Contains(name, passed));
        }
    }

    [Theory]
    [InlineData("examples/two-services/.github/workflows/promote.yml")]
    [InlineData("examples/plugin-matrix/.github/workflows/live-deploy.yml")]
    public void A_consumer_runs_the_module_or_tool_at_the_same_commit_as_the_reusable_workflow(string caller)
    {
        var job = Entries(Map(Load(caller), "jobs")).Single().Body;

        var (_, pinned) = Callee(Text(job, "uses"));
        Assert.Matches(FullSha(), pinned!);
        Assert.Equal(pinned, Text(Map(job, "with")!, "pipelines_ref"));
        Assert.StartsWith(Text(Map(job, "with")!, "pipelines_repository") + "/.github/workflows/", Text(job, "uses"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Reusable))]
    public void The_reusable_workflow_never_builds_from_the_callers_checkout(string workflow)
    {
        var text = File.ReadAllText(Path.Combine(Root, workflow));

        Assert.DoesNotContain("src/Pipelines.Cli", text, StringComparison.Ordinal);
        Assert.Contains("--workspace=.", text, StringComparison.Ordinal);
        Assert.Contains("global-json-file: .pipelines/global.json", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The rows of the table under the heading "### {kind} of `file.yml`" in docs/github-actions.md,
    /// each as its cells with backticks removed.
    /// </summary>
    private static List<string[]> DocumentedRows(string workflow, string kind)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "github-actions.md"));
        var heading = $"### {kind} of `{Path.GetFileName(workflow)}`";
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"docs/github-actions.md has no heading '{heading}'");
        return lines.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .ToList();
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex FullSha();
}
