using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Pipelines.Containers;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The plans' fixed shell programs, run for real with /bin/sh, as the containers run them: the
/// gate's exit status must survive into the exported directory and back out of the call.
/// </summary>
public sealed class ShellScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-dagger-").FullName;

    private string Out => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_recorder_writes_the_gates_exit_status_and_exits_0(int status)
    {
        var result = await RunAsync(
            ["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", "sh", "-c", $"echo gate-ran; exit {status}"],
            new() { [PlanVariables.Out] = Out });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{status}\n", await File.ReadAllTextAsync(Path.Combine(Out, "exit-code")));
        Assert.Contains("gate-ran", result.Output);
    }

    [Fact]
    public async Task A_gate_killed_by_a_signal_is_recorded_as_128_plus_the_signal_and_the_step_still_exits_0()
    {
        // 137 is outside what the engine's expect: ANY accepts (0-127, 192-255), so the recorder
        // must not pass it on: the *-report functions return the report with exit-code 137.
        var result = await RunAsync(
            ["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", "sh", "-c", "kill -KILL $$"],
            new() { [PlanVariables.Out] = Out });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("137\n", await File.ReadAllTextAsync(Path.Combine(Out, "exit-code")));
        var final = await RunAsync(["sh", "-c", ShellScripts.ExitWithRecordedCode], new() { [PlanVariables.Out] = Out });
        Assert.Equal(137, final.ExitCode);
    }

    [Fact]
    public async Task The_recorder_passes_arguments_through_untouched()
    {
        const string hostile = "$(touch pwned) ; `touch pwned2` \"quoted\" 'single'";

        var result = await RunAsync(
            ["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", "printf", "%s", hostile],
            new() { [PlanVariables.Out] = Out });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(hostile, result.Output);
        Assert.False(File.Exists(Path.Combine(_root, "pwned")));
        Assert.False(File.Exists(Path.Combine(_root, "pwned2")));
    }

    [Fact]
    public async Task The_recorder_refuses_to_run_without_an_output_directory()
    {
        var result = await RunAsync(["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", "true"], new());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PIPELINES_OUT", result.Error);
    }

    [Theory]
    [InlineData("0\n", 0)]
    [InlineData("1\n", 1)]
    [InlineData("3\n", 3)]
    public async Task The_final_step_exits_with_the_recorded_status(string recorded, int expected)
    {
        Directory.CreateDirectory(Out);
        await File.WriteAllTextAsync(Path.Combine(Out, "exit-code"), recorded);

        var result = await RunAsync(["sh", "-c", ShellScripts.ExitWithRecordedCode], new() { [PlanVariables.Out] = Out });

        Assert.Equal(expected, result.ExitCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3; rm -rf /\n")]
    public async Task A_missing_or_garbled_status_fails_the_call_rather_than_passing_it(string? recorded)
    {
        Directory.CreateDirectory(Out);
        if (recorded is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Out, "exit-code"), recorded);
        }

        var result = await RunAsync(["sh", "-c", ShellScripts.ExitWithRecordedCode], new() { [PlanVariables.Out] = Out });

        Assert.Equal(70, result.ExitCode);
    }

    [Fact]
    public async Task Recorder_then_final_step_turn_a_blocked_gate_into_the_same_failing_status()
    {
        var environment = new Dictionary<string, string> { [PlanVariables.Out] = Out };
        await RunAsync(["sh", "-c", ShellScripts.RecordExitCode, "pipelines-gate", "sh", "-c", "exit 3"], environment);

        var final = await RunAsync(["sh", "-c", ShellScripts.ExitWithRecordedCode], environment);

        Assert.Equal(3, final.ExitCode);
    }

    [Fact]
    public async Task A_binary_matching_its_published_checksum_passes()
    {
        await WriteReleaseAsync("wfctl-linux-amd64", "the real binary", checksumOf: "the real binary");

        var result = await VerifyAsync("wfctl-linux-amd64");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_tampered_binary_fails_the_check()
    {
        await WriteReleaseAsync("wfctl-linux-amd64", "a tampered binary", checksumOf: "the real binary");

        var result = await VerifyAsync("wfctl-linux-amd64");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task A_checksums_file_without_the_asset_fails_the_check()
    {
        await WriteReleaseAsync("wfctl-linux-arm64", "bin", checksumOf: "bin");
        await File.WriteAllTextAsync(Path.Combine(_root, "wfctl-linux-amd64"), "bin");

        var result = await VerifyAsync("wfctl-linux-amd64");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("0 entries", result.Error);
    }

    [Fact]
    public async Task A_checksums_file_with_two_entries_for_the_asset_fails_the_check()
    {
        await WriteReleaseAsync("wfctl-linux-amd64", "bin", checksumOf: "bin");
        await File.AppendAllTextAsync(Path.Combine(_root, "checksums.txt"), $"{Sha256Hex("other")}  wfctl-linux-amd64\n");

        var result = await VerifyAsync("wfctl-linux-amd64");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("2 entries", result.Error);
    }

    [Fact]
    public async Task An_entry_for_a_similarly_named_asset_is_not_mistaken_for_the_asset()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "wfctl-linux-amd64"), "tampered");
        await File.WriteAllTextAsync(
            Path.Combine(_root, "checksums.txt"),
            $"{Sha256Hex("tampered")}  wfctl-linux-amd64.exe\n{Sha256Hex("genuine")}  wfctl-linux-amd64\n");

        var result = await VerifyAsync("wfctl-linux-amd64");

        Assert.NotEqual(0, result.ExitCode);
    }

    private async Task WriteReleaseAsync(string asset, string content, string checksumOf)
    {
        await File.WriteAllTextAsync(Path.Combine(_root, asset), content);
        await File.WriteAllTextAsync(
            Path.Combine(_root, "checksums.txt"),
            $"{Sha256Hex("unrelated")}  workflow-linux-amd64\n{Sha256Hex(checksumOf)}  {asset}\n");
    }

    private Task<ProcessOutcome> VerifyAsync(string asset) =>
        RunAsync(["sh", "-c", ShellScripts.VerifyChecksum], new() { [PlanVariables.WfctlAsset] = asset });

    private static string Sha256Hex(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private async Task<ProcessOutcome> RunAsync(IReadOnlyList<string> argv, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessOutcome(process.ExitCode, await output, await error);
    }

    private sealed record ProcessOutcome(int ExitCode, string Output, string Error);
}
