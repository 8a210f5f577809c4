using Pipelines.Testing.Cli;

namespace Pipelines.Tests.Examples;

/// <summary>
/// Every complete consumer setup in examples/ is loaded by the real CLI (`pipelines validate`), so
/// an example never drifts from what the configuration loader accepts. Its workflows are linted by
/// WorkflowTests (actionlint over examples/*/.github/workflows) and checked against the reusable
/// workflows' contracts by ReusableWorkflowTests.
/// </summary>
public sealed class ExampleTests
{
    private static readonly string Examples = Path.Combine(CliProcess.RepositoryRoot(), "examples");

    // The non-secret settings a consumer keeps in repository variables; validate checks that what
    // the configuration expands is set and well-formed, so these are realistic values.
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["STAGING_AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/live-deploy",
        ["STAGING_GCP_WORKLOAD_IDENTITY_PROVIDER"] = "projects/123456789/locations/global/workloadIdentityPools/github/providers/github",
        ["STAGING_GCP_SERVICE_ACCOUNT"] = "live-deploy@staging-project.iam.gserviceaccount.com",
        ["GCP_PROJECT"] = "staging-project",
        ["STAGING_AZURE_TENANT_ID"] = "00000000-0000-0000-0000-000000000001",
        ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000002",
        ["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-000000000003",
    };

    public static TheoryData<string> ExampleNames => new(Names());

    [Fact]
    public void The_documented_examples_exist()
    {
        Assert.Equal(["plugin-matrix", "two-services"], Names());
    }

    private static string[] Names() => [.. Directory.GetDirectories(Examples).Select(d => Path.GetFileName(d)).Order()];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public async Task Every_example_configuration_is_valid(string example)
    {
        var directory = Path.Combine(Examples, example);
        Assert.True(File.Exists(Path.Combine(directory, "pipelines.yaml")), $"{example} has no pipelines.yaml");

        var run = await CliProcess.RunAsync(["validate"], Variables, directory);

        Assert.True(run.ExitCode == 0, $"{example}: {run.StandardOutput}{run.StandardError}");
        Assert.StartsWith("pipelines.yaml: valid", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_example_has_a_caller_workflow_and_a_readme(string example)
    {
        var directory = Path.Combine(Examples, example);

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(directory, ".github", "workflows"), "*.yml"));
        Assert.True(File.Exists(Path.Combine(directory, "README.md")));
    }

    [Fact]
    public async Task A_broken_example_would_be_caught()
    {
        // The same run on a configuration with a typo fails: the test above proves something.
        using var scratch = new Pipelines.Testing.Git.TempDirectory("pipelines-example");
        await File.WriteAllTextAsync(scratch.Combine("pipelines.yaml"),
            (await File.ReadAllTextAsync(Path.Combine(Examples, "two-services", "pipelines.yaml"))).Replace("health:", "helth:", StringComparison.Ordinal));

        var run = await CliProcess.RunAsync(["validate"], Variables, scratch.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'health'", run.StandardError, StringComparison.Ordinal);
    }
}
