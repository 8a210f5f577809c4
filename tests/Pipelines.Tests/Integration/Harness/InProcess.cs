using Pipelines.Commands;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>What a command run in-process printed and returned.</summary>
/// <param name="ExitCode">Null when the command threw (a bug: commands answer with exit codes).</param>
public sealed record CapturedRun(int? ExitCode, string Stdout, string Stderr, Exception? Exception)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs a command class in-process with an explicit environment and a captured plain console.</summary>
public static class InProcess
{
    public static async Task<CapturedRun> RunAsync(
        Func<CommandContext, Task<int>> command,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // Checks stream output from several threads; the writers must not tear lines.
        var console = new PlainConsoleUi(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), time);
        var context = new CommandContext(new Dictionary<string, string>(environment, StringComparer.Ordinal), workingDirectory, console, time);
        try
        {
            var exitCode = await command(context);
            return new CapturedRun(exitCode, stdout.ToString(), stderr.ToString(), null);
        }
        catch (Exception e)
        {
            return new CapturedRun(null, stdout.ToString(), stderr.ToString(), e);
        }
    }

    /// <summary>The minimum a command and its checks need: PATH (bash, git), and a HOME of the test's own.</summary>
    public static Dictionary<string, string> BaseEnvironment(string home) => new(StringComparer.Ordinal)
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = home,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["LC_ALL"] = "C.UTF-8",
    };
}
