using Pipelines.Execution;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>git on disk through the process runner, with a minimal environment and a fixed identity for commits.</summary>
internal sealed class LocalGit(IProcessRunner runner, IReadOnlyDictionary<string, string> callerEnvironment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public async Task<IReadOnlyList<string>> RunAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        var stdout = new List<string>();
        var command = new ProcessCommand("git")
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironment(Environment())
            .WithTimeout(Timeout);
        var result = await runner.RunAsync(command, line => { if (line.Stream == OutputStream.StandardOutput) stdout.Add(line.Text); }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new RegistryHostException($"{command} failed ({result.Describe()}): {string.Join(" | ", result.OutputTail.TakeLast(5))}");
        }

        return stdout;
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit is an answer (false), not an error.</summary>
    public async Task<bool> TryAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        var command = new ProcessCommand("git")
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironment(Environment())
            .WithTimeout(Timeout);
        var result = await runner.RunAsync(command, null, cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    private Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_AUTHOR_NAME"] = "pipelines live-deploy",
            ["GIT_AUTHOR_EMAIL"] = "live-deploy@pipelines.invalid",
            ["GIT_COMMITTER_NAME"] = "pipelines live-deploy",
            ["GIT_COMMITTER_EMAIL"] = "live-deploy@pipelines.invalid",
        };
        foreach (var name in (string[])["PATH", "HOME"])
        {
            if (callerEnvironment.TryGetValue(name, out var value))
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}

public sealed class RegistryHostException(string message, Exception? inner = null) : Exception(message, inner);
