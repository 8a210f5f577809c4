using Pipelines.Execution;
using Pipelines.Sandbox;

namespace Pipelines.Commands;

public sealed record SandboxOptions(string Target = "all", string Scenario = "promote", bool Keep = false, string? Directory = null);

/// <summary>
/// <c>pipelines sandbox</c>: a throwaway world in a temp directory and the real commands run on
/// it. The world is removed afterwards unless <c>--keep</c> is given.
/// </summary>
public sealed class SandboxCommand(CommandContext context)
{
    public static IReadOnlyList<string> Targets { get; } = ["all", "promote", "live-deploy"];

    public async Task<int> RunAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        if (!Targets.Contains(options.Target))
        {
            return await UsageAsync($"sandbox: unknown target '{options.Target}'; use one of {string.Join(", ", Targets)}").ConfigureAwait(false);
        }

        if (!PromoteSandbox.Scenarios.Contains(options.Scenario))
        {
            return await UsageAsync($"--scenario: unknown scenario '{options.Scenario}'; use one of {string.Join(", ", PromoteSandbox.Scenarios)}").ConfigureAwait(false);
        }

        var directory = options.Directory is { } chosen
            ? context.ResolvePath(chosen)
            : Path.Combine(Path.GetTempPath(), $"pipelines-sandbox-{Guid.NewGuid():N}"[..30]);
        if (options.Directory is not null && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return await UsageAsync($"--dir: '{directory}' is not empty").ConfigureAwait(false);
        }

        var exitCode = ExitCodes.Success;
        try
        {
            if (options.Target is "all" or "promote")
            {
                var runner = new ProcessRunner(timeProvider: context.Time);
                exitCode = await new PromoteSandbox(runner, context)
                    .RunAsync(options.Scenario, Path.Combine(directory, "promote"), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            if (options.Keep)
            {
                await context.Console.Out.WriteLineAsync($"\nThe sandbox is kept in {directory}").ConfigureAwait(false);
            }
            else
            {
                Directory.Delete(directory, recursive: true);
                await context.Console.Out.WriteLineAsync($"\nThe sandbox was removed (use --keep to look around in it).").ConfigureAwait(false);
            }
        }

        return exitCode;
    }

    private async Task<int> UsageAsync(string message)
    {
        await context.Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
