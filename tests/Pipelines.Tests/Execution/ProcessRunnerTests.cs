using System.Runtime.Versioning;
using Pipelines.Execution;
using Pipelines.Security;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Execution;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new("pipelines-runner");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(42)]
    public async Task Reports_the_exit_code_without_throwing(int exitCode)
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("exit \"$CODE\"", ("CODE", exitCode.ToString()))).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.Exited, result.Termination);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(exitCode == 0, result.Succeeded);
    }

    [Fact]
    public async Task Streams_lines_of_both_streams_in_the_order_they_arrive()
    {
        // The script writes each line only after the previous one reached the callback, so the
        // expected order does not depend on scheduling.
        var sync = _temp.Path;
        const string script = """
            echo first
            while [ ! -e "$SYNC/1" ]; do sleep 0.01; done
            echo second >&2
            while [ ! -e "$SYNC/2" ]; do sleep 0.01; done
            echo third
            """;
        var seen = new List<OutputLine>();
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(
            ChildProcesses.Bash(script, ("SYNC", sync)),
            line =>
            {
                seen.Add(line);
                if (line.Text == "first")
                {
                    File.WriteAllText(Path.Combine(sync, "1"), string.Empty);
                }
                else if (line.Text == "second")
                {
                    File.WriteAllText(Path.Combine(sync, "2"), string.Empty);
                }
            }).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(
            [
                new OutputLine(OutputStream.StandardOutput, "first"),
                new OutputLine(OutputStream.StandardError, "second"),
                new OutputLine(OutputStream.StandardOutput, "third"),
            ],
            seen);
        Assert.Equal(["first", "second", "third"], result.OutputTail);
    }

    [Fact]
    public async Task Keeps_only_the_last_fifty_lines_but_streams_them_all()
    {
        var streamed = new List<string>();
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("seq 1 120"), line => streamed.Add(line.Text)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(Enumerable.Range(1, 120).Select(i => i.ToString()), streamed);
        Assert.Equal(Enumerable.Range(71, 50).Select(i => i.ToString()), result.OutputTail);
    }

    [Fact]
    public async Task Honours_a_smaller_tail()
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("seq 1 10").WithTailLines(3)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(["8", "9", "10"], result.OutputTail);
    }

    [Fact]
    public async Task The_child_sees_exactly_the_given_environment()
    {
        var runner = new ProcessRunner();
        var command = new ProcessCommand("/usr/bin/env")
            .WithEnvironment(new Dictionary<string, string> { ["ALPHA"] = "1", ["BETA"] = "two words" });

        var result = await runner.RunAsync(command).WaitAsync(ChildProcesses.Guard);

        // This test process has PATH, HOME and many more; none of them may leak through.
        Assert.NotNull(Environment.GetEnvironmentVariable("PATH"));
        Assert.Equal(["ALPHA=1", "BETA=two words"], result.OutputTail.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_variable_of_the_parent_is_not_inherited_unless_given()
    {
        const string name = "PIPELINES_TEST_PARENT_ONLY_TOKEN";
        Environment.SetEnvironmentVariable(name, "parent-value-must-not-leak");
        try
        {
            var runner = new ProcessRunner();
            var script = $"echo \"[${{{name}-unset}}]\"";

            var hidden = await runner.RunAsync(ChildProcesses.Bash(script)).WaitAsync(ChildProcesses.Guard);
            var given = await runner.RunAsync(ChildProcesses.Bash(script, (name, "given"))).WaitAsync(ChildProcesses.Guard);

            Assert.Equal(["[unset]"], hidden.OutputTail);
            Assert.Equal(["[given]"], given.OutputTail);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task Redacts_secrets_in_streamed_lines_and_in_the_tail()
    {
        var token = new Secret("DEPLOY_TOKEN", "tok-12345-abcdef");
        var streamed = new List<string>();
        var runner = new ProcessRunner(new SecretRedactor([token]));

        var result = await runner.RunAsync(
            ChildProcesses.Bash("echo \"using $T now\"; echo \"$T\" >&2", ("T", token.Reveal())),
            line => streamed.Add(line.Text)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(["***", "using *** now"], streamed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.OutputTail, line => line.Contains(token.Reveal(), StringComparison.Ordinal));
        Assert.Contains("using *** now", result.OutputTail);
    }

    [Fact]
    public async Task Passes_arguments_one_by_one_without_a_shell()
    {
        var marker = _temp.Combine("injected");
        string[] arguments = ["%s\n", "a b", $"$(touch {marker})", ";", "\"quoted\"", "-n"];
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(new ProcessCommand("printf").WithArguments(arguments)
            .WithEnvironmentVariable("PATH", ChildProcesses.Path)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(arguments[1..], result.OutputTail);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Arguments_with_quotes_backslashes_and_empty_values_arrive_unchanged()
    {
        // CliWrap joins arguments into one escaped string that .NET splits again; these are the
        // values that escaping gets wrong first.
        string[] arguments = ["", "back\\slash", "trailing\\", "say \"hi\"", "\\\"", "tab\there", "x y\\ z"];
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(new ProcessCommand("printf").WithArguments(["[%s]\n", .. arguments])
            .WithEnvironmentVariable("PATH", ChildProcesses.Path)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(arguments.Select(a => $"[{a}]"), result.OutputTail);
    }

    [Fact]
    public async Task Runs_in_the_working_directory()
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("pwd -P").WithWorkingDirectory(_temp.Path)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal([_temp.Path], result.OutputTail);
    }

    [Fact]
    public async Task Standard_input_is_closed()
    {
        var runner = new ProcessRunner();

        // cat would wait for ever on an open standard input.
        var result = await runner.RunAsync(ChildProcesses.Bash("cat; echo after-cat")).WaitAsync(ChildProcesses.Guard);

        Assert.True(result.Succeeded);
        Assert.Equal(["after-cat"], result.OutputTail);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_to_start_with_the_reason()
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(new ProcessCommand("/nonexistent/pipelines-no-such-program")).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.FailedToStart, result.Termination);
        Assert.False(result.Succeeded);
        var reason = Assert.Single(result.OutputTail);
        Assert.Contains("/nonexistent/pipelines-no-such-program", reason);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Finds_the_program_on_the_PATH_given_to_the_child()
    {
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var tool = Path.Combine(bin, "pipelines-test-tool");
        await File.WriteAllTextAsync(tool, "#!/bin/sh\necho found the tool\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(new ProcessCommand("pipelines-test-tool")
            .WithEnvironmentVariable("PATH", $"{bin}:{ChildProcesses.Path}")).WaitAsync(ChildProcesses.Guard);

        Assert.True(result.Succeeded);
        Assert.Equal(["found the tool"], result.OutputTail);
    }

    [Fact]
    public async Task A_program_missing_from_the_childs_PATH_fails_to_start_even_if_this_process_could_find_it()
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(new ProcessCommand("bash").WithArguments("-c", "true")
            .WithEnvironmentVariable("PATH", _temp.Path)).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.FailedToStart, result.Termination);
        Assert.Contains("not found on the PATH", Assert.Single(result.OutputTail));
    }

    [Fact]
    public async Task A_missing_working_directory_fails_to_start()
    {
        var runner = new ProcessRunner();

        var result = await runner.RunAsync(ChildProcesses.Bash("true").WithWorkingDirectory(_temp.Combine("missing"))).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(ProcessTermination.FailedToStart, result.Termination);
        Assert.Single(result.OutputTail);
    }

    [Fact]
    public async Task Cuts_an_endless_line_and_keeps_reading()
    {
        var runner = new ProcessRunner(options: ProcessRunnerOptions.Default.WithMaxLineLength(1000));

        var result = await runner.RunAsync(ChildProcesses.Bash("head -c 200000 /dev/zero | tr '\\0' x; echo; echo next")).WaitAsync(ChildProcesses.Guard);

        Assert.Equal(2, result.OutputTail.Count);
        Assert.Equal(new string('x', 1000) + " [line truncated]", result.OutputTail[0]);
        Assert.Equal("next", result.OutputTail[1]);
    }

    [Fact]
    public async Task Rejects_a_negative_tail_and_a_non_positive_timeout()
    {
        var runner = new ProcessRunner();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(ChildProcesses.Bash("true").WithTailLines(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(ChildProcesses.Bash("true").WithTimeout(TimeSpan.Zero)));
    }
}
