using System.ComponentModel;
using System.Diagnostics;

namespace Pipelines.Tests.GitHub.Contract;

/// <summary>
/// tests/contract and its pinned npm packages (Stoplight Prism, @octokit/graphql-schema):
/// installed with <c>npm ci</c> when any is missing. Node and npm are required: without them the
/// contract tests fail, they are not skipped.
/// </summary>
internal static class ContractPackages
{
    private static readonly TimeSpan InstallDeadline = TimeSpan.FromMinutes(8);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = FindContractDirectory();

    /// <summary>Files whose absence means <c>node_modules</c> is missing or older than package-lock.json.</summary>
    private static IEnumerable<string> Required =>
    [
        Path.Combine(Directory, "node_modules", ".bin", "prism"),
        Path.Combine(Directory, "node_modules", "@octokit", "graphql-schema", "schema.json"),
    ];

    public static async Task EnsureInstalledAsync()
    {
        if (FindOnPath("node") is null)
        {
            throw new InvalidOperationException(
                $"The GitHub contract tests need Node.js (20+) on PATH; install it, then run `npm ci --no-audit --no-fund` in {Directory}.");
        }

        // Two test classes may ask at once; one npm ci at a time.
        await InstallLock.WaitAsync();
        try
        {
            if (!Required.All(File.Exists))
            {
                await InstallAsync();
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task InstallAsync()
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund"])
        {
            start.ArgumentList.Add(argument);
        }

        Process npm;
        try
        {
            npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The GitHub contract test needs Node.js and npm to install Stoplight Prism; install Node 20+ and run `npm ci` in {Directory}. ({e.Message})", e);
        }

        using (npm)
        {
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(InstallDeadline);
            try
            {
                await npm.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                npm.Kill(entireProcessTree: true);
                throw new TimeoutException($"`npm ci` in {Directory} did not finish within {InstallDeadline}");
            }

            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {Directory} failed with exit code {npm.ExitCode}:\n{await stdout}\n{await stderr}");
            }
        }
    }

    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);

    private static string FindContractDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "contract");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/contract/package.json not found above {AppContext.BaseDirectory}");
    }
}
