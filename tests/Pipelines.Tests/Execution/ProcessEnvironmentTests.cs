using Pipelines.Execution;

namespace Pipelines.Tests.Execution;

public sealed class ProcessEnvironmentTests
{
    private static readonly Dictionary<string, string> Caller = new()
    {
        ["PATH"] = "/usr/bin",
        ["HOME"] = "/home/ci",
        ["GITHUB_TOKEN"] = "ghs_read",
        ["PROD_PUSH_TOKEN"] = "ghs_push",
        ["E2E_PASSWORD"] = "hunter22",
    };

    [Fact]
    public void A_check_gets_the_callers_variables_minus_tokens_plus_its_own_plus_pass_env()
    {
        var environment = ProcessEnvironment.Inherit(Caller)
            .Without("GITHUB_TOKEN", "PROD_PUSH_TOKEN")
            .With(new Dictionary<string, string> { ["BASE_URL"] = "https://staging.example" })
            .PassThrough("PROD_PUSH_TOKEN");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin",
                ["HOME"] = "/home/ci",
                ["E2E_PASSWORD"] = "hunter22",
                ["BASE_URL"] = "https://staging.example",
                ["PROD_PUSH_TOKEN"] = "ghs_push",
            },
            environment.Variables);
    }

    [Fact]
    public void Isolated_starts_empty_and_takes_only_what_is_passed_through()
    {
        var environment = ProcessEnvironment.Isolated(Caller).PassThrough("PATH", "HOME").With("LC_ALL", "C");

        Assert.Equal(
            new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["HOME"] = "/home/ci", ["LC_ALL"] = "C" },
            environment.Variables);
    }

    [Fact]
    public void Passing_through_a_variable_the_caller_lacks_keeps_the_configured_value()
    {
        var environment = ProcessEnvironment.Isolated(Caller).With("BASE_URL", "configured").PassThrough("BASE_URL", "NOT_SET");

        Assert.Equal(new Dictionary<string, string> { ["BASE_URL"] = "configured" }, environment.Variables);
    }

    [Fact]
    public void Passing_through_overrides_a_configured_value_with_the_callers()
    {
        var environment = ProcessEnvironment.Isolated(Caller).With("HOME", "/configured").PassThrough("HOME");

        Assert.Equal("/home/ci", environment.Variables["HOME"]);
    }

    [Fact]
    public void Every_step_returns_a_new_value_and_leaves_the_old_one_alone()
    {
        var original = ProcessEnvironment.Inherit(Caller);

        var changed = original.Without("GITHUB_TOKEN").With("EXTRA", "1");

        Assert.True(original.Variables.ContainsKey("GITHUB_TOKEN"));
        Assert.False(original.Variables.ContainsKey("EXTRA"));
        Assert.False(changed.Variables.ContainsKey("GITHUB_TOKEN"));
        Assert.Equal(Caller, changed.Snapshot);
    }

    [Fact]
    public void Enumerates_as_the_variables_so_a_command_takes_it_directly()
    {
        var environment = ProcessEnvironment.Isolated(Caller).PassThrough("PATH");

        var command = new ProcessCommand("tool").WithEnvironment(environment);

        Assert.Equal(new Dictionary<string, string> { ["PATH"] = "/usr/bin" }, command.Environment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("NUL\0NAME")]
    public void Rejects_invalid_names(string name)
    {
        var environment = ProcessEnvironment.Isolated(Caller);

        Assert.Throws<ArgumentException>(() => environment.With(name, "v"));
        Assert.Throws<ArgumentException>(() => environment.Without(name));
        Assert.Throws<ArgumentException>(() => environment.PassThrough(name));
    }

    [Fact]
    public void Rejects_a_value_with_NUL_without_showing_the_value()
    {
        var thrown = Assert.Throws<ArgumentException>(() => ProcessEnvironment.Isolated(Caller).With("TOKEN", "secret-part\0rest"));

        Assert.Contains("TOKEN", thrown.Message);
        Assert.DoesNotContain("secret-part", thrown.Message);
    }

    [Fact]
    public void Captures_this_process_environment()
    {
        var snapshot = ProcessEnvironment.CaptureCurrent();

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), snapshot["PATH"]);
    }
}
