using System.Diagnostics;
using System.Text;

namespace Pipelines.Tests.Tool;

/// <summary>What a finished process printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public string Output => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs a program (dotnet, or the installed <c>pipelines</c> apphost) the way a user's shell
/// would, with a minimal environment: nothing of the test runner's MSBuild or test-host variables
/// leaks into it, so <c>dotnet pack</c> behaves as on a developer's machine.
/// </summary>
public static class ToolProcess
{
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? extra = null)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in Minimal().Concat(extra ?? new Dictionary<string, string>()))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} ran longer than {timeout}:\n{await stdout}\n{await stderr}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The dotnet host that runs these tests.</summary>
    public static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    private static IEnumerable<KeyValuePair<string, string>> Minimal()
    {
        foreach (var name in (string[])["PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "NUGET_PACKAGES", "NUGET_HTTP_CACHE_PATH"])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                yield return new(name, value);
            }
        }

        // The apphost finds the runtime through DOTNET_ROOT when dotnet is not in its default place.
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is null or "" && Path.IsPathRooted(Dotnet()))
        {
            yield return new("DOTNET_ROOT", Path.GetDirectoryName(Dotnet())!);
        }

        yield return new("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        yield return new("DOTNET_NOLOGO", "1");
        yield return new("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1");
    }
}
