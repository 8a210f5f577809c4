using System.Globalization;
using Pipelines.Execution;

namespace Pipelines.Tests.Execution;

/// <summary>Helpers for tests that start real processes.</summary>
internal static class ChildProcesses
{
    /// <summary>Guards every wait on a real process, so a regression fails instead of hanging the suite.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    public static string Path { get; } = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";

    /// <summary><c>bash -c script</c> with only PATH in its environment; values reach the script as variables.</summary>
    public static ProcessCommand Bash(string script, params (string Name, string Value)[] variables)
    {
        var command = new ProcessCommand("bash").WithArguments("-c", script).WithEnvironmentVariable("PATH", Path);
        foreach (var (name, value) in variables)
        {
            command = command.WithEnvironmentVariable(name, value);
        }

        return command;
    }

    public static int ReadPid(string file) => int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);

    /// <summary>True when the process no longer runs: gone, or a zombie waiting for a parent that does not reap.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return status.Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z'));
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return true;
        }
    }

    // SIGKILL is delivered asynchronously, so a killed process may take a moment to disappear.
    public static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!IsGone(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Kills a process a test started and deliberately let escape, by its id.</summary>
    public static void KillEscaped(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
