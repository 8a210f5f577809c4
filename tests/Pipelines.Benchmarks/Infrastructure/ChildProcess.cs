using System.Diagnostics;

namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>A process to start: arguments as a list (never one string), and exactly this environment.</summary>
public sealed record ChildCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TimeSpan Timeout)
{
    public override string ToString() => $"{Path.GetFileName(FileName)} {string.Join(' ', Arguments)}";
}

/// <param name="Wall">From just before the process was started until its exit was seen.</param>
/// <param name="PeakWorkingSetBytes">The process's own VmHWM (peak resident set), last sampled just before it exited.</param>
/// <param name="CpuTime">User + system CPU of the process itself, last sampled just before it exited.</param>
/// <param name="ChildrenCpuTime">User + system CPU of the processes it started (git, wfctl, checks), as far as they had finished by then.</param>
public sealed record ChildRun(int ExitCode, TimeSpan Wall, long PeakWorkingSetBytes, TimeSpan CpuTime, TimeSpan ChildrenCpuTime, string Output, string Error)
{
    public string Tail(int lines = 20) =>
        string.Join('\n', (Output + "\n" + Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}

/// <summary>Runs one child process to completion and measures it.</summary>
public static class ChildProcess
{
    public static async Task<ChildRun> RunAsync(ChildCommand command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var sampler = ProcStatusSampler.Start(process.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{command} did not finish within {command.Timeout.TotalSeconds:0} s");
        }

        var wall = clock.Elapsed;
        var sample = sampler.Stop();
        return new ChildRun(process.ExitCode, wall, sample.PeakWorkingSetBytes, sample.CpuTime, sample.ChildrenCpuTime, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
