using Pipelines.Execution;

namespace Pipelines.Tests.Execution;

/// <summary>
/// The credentials a CI job typically holds must not reach a child unless a caller gave them.
/// This sets real variables of the test process, so it runs alone (other tests build
/// environments from this process's).
/// </summary>
[Collection(nameof(ProcessEnvironmentMutation))]
public sealed class InheritedCredentialsTests : IDisposable
{
    private static readonly string[] Credentials = ["GITHUB_TOKEN", "GH_TOKEN", "PIPELINES_TEST_PUSH_TOKEN"];

    private readonly Dictionary<string, string?> _saved = Credentials.ToDictionary(name => name, Environment.GetEnvironmentVariable);

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public async Task A_child_sees_only_the_given_variables_even_when_the_parent_holds_tokens()
    {
        foreach (var name in Credentials)
        {
            Environment.SetEnvironmentVariable(name, $"ghp_parent-secret-{name}");
        }

        var runner = new ProcessRunner();
        var command = new ProcessCommand("/usr/bin/env")
            .WithEnvironment(new Dictionary<string, string> { ["PATH"] = ChildProcesses.Path, ["GIVEN"] = "yes" });

        var result = await runner.RunAsync(command).WaitAsync(ChildProcesses.Guard);

        Assert.Equal("ghp_parent-secret-GH_TOKEN", Environment.GetEnvironmentVariable("GH_TOKEN"));
        Assert.True(result.Succeeded);
        Assert.Equal(["GIVEN=yes", $"PATH={ChildProcesses.Path}"], result.OutputTail.Order(StringComparer.Ordinal));
    }
}

/// <summary>Tests that change this process's environment run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentMutation), DisableParallelization = true)]
public sealed class ProcessEnvironmentMutation;
