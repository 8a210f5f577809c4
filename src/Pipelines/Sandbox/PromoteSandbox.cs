using System.Globalization;
using Pipelines.Commands;
using Pipelines.Execution;
using Pipelines.Promotion;

namespace Pipelines.Sandbox;

/// <summary>
/// <c>pipelines sandbox</c>: builds a throwaway world (two git repositories with main ahead of
/// prod, two staging services on 127.0.0.1, two checks, a tracker file, a generated
/// pipelines.yaml) and runs the real gate on it with host local. No test doubles: the same
/// command a real run uses, so a newcomer sees exactly what production would do.
/// </summary>
public sealed class PromoteSandbox(IProcessRunner runner, CommandContext context)
{
    public static IReadOnlyList<string> Scenarios { get; } = ["promote", "version-mismatch", "unhealthy", "check-fails", "bypass"];

    private const string Justification =
        "Staging is down for planned maintenance and hotfix #123 must ship today.\n@oncall approved in the incident channel. [runbook](https://example.invalid)";

    public async Task<int> RunAsync(string scenario, string directory, CancellationToken cancellationToken)
    {
        var output = context.Console.Out;
        Directory.CreateDirectory(directory);
        var backend = await CreateRepositoryAsync(Path.Combine(directory, "backend"), "Backend-Service", cancellationToken).ConfigureAwait(false);
        var metadata = await CreateRepositoryAsync(Path.Combine(directory, "metadata"), "metadata-service", cancellationToken).ConfigureAwait(false);

        var stagingDown = scenario is "unhealthy" or "bypass";
        await using var backendStaging = StagingService.Start(stagingDown ? 503 : 200, backend.Main);
        await using var metadataStaging = StagingService.Start(200, scenario == "version-mismatch" ? metadata.Prod : metadata.Main);

        var configPath = Path.Combine(directory, "pipelines.yaml");
        var config = Config(directory, backendStaging.BaseUrl, metadataStaging.BaseUrl, canaryFails: scenario == "check-fails");
        await File.WriteAllTextAsync(configPath, config, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync($"Sandbox world in {directory}: scenario '{scenario}'").ConfigureAwait(false);
        await output.WriteLineAsync($"  backend:  main {CommitSha.Short(backend.Main)} is one commit ahead of prod {CommitSha.Short(backend.Prod)}; staging {backendStaging.BaseUrl} {(stagingDown ? "answers 503" : "is healthy")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  metadata: main {CommitSha.Short(metadata.Main)} is one commit ahead of prod {CommitSha.Short(metadata.Prod)}; staging {metadataStaging.BaseUrl} reports {(scenario == "version-mismatch" ? "the prod SHA" : "the main SHA")}").ConfigureAwait(false);
        await output.WriteLineAsync("\nThe generated configuration (pipelines.yaml):\n").ConfigureAwait(false);
        await output.WriteLineAsync(config).ConfigureAwait(false);

        var summaryPath = Path.Combine(directory, "summary.md");
        var options = new PromoteOptions
        {
            ConfigPath = configPath,
            ReportPath = Path.Combine(directory, "report.json"),
            SummaryPath = summaryPath,
            RunId = "sandbox-" + context.Time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            Actor = "sandbox-user",
            SkipGate = scenario == "bypass",
            Justification = scenario == "bypass" ? Justification : null,
        };
        await output.WriteLineAsync($"Running: pipelines promote --config {configPath}{(options.SkipGate ? " --skip-gate --justification \"…\"" : "")}\n").ConfigureAwait(false);
        var exitCode = await new PromoteCommand(context).RunAsync(options, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync("\nThe Markdown summary (summary.md):\n").ConfigureAwait(false);
        await output.WriteLineAsync(await File.ReadAllTextAsync(summaryPath, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (scenario == "bypass")
        {
            await output.WriteLineAsync("The audit entry posted before the push (tracker.md):\n").ConfigureAwait(false);
            await output.WriteLineAsync(await File.ReadAllTextAsync(Path.Combine(directory, "tracker.md"), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var expected = scenario is "promote" or "bypass" ? ExitCodes.Success : ExitCodes.Failure;
        var verdict = exitCode == expected
            ? $"Scenario '{scenario}' behaved as designed: the gate {(expected == 0 ? "promoted" : "blocked and pushed nothing")} (exit {exitCode})."
            : $"Scenario '{scenario}' did NOT behave as designed: expected exit {expected}, got {exitCode}.";
        await output.WriteLineAsync(verdict).ConfigureAwait(false);
        return exitCode == expected ? ExitCodes.Success : ExitCodes.Failure;
    }

    private sealed record SandboxRepository(string Path, string Prod, string Main);

    private async Task<SandboxRepository> CreateRepositoryAsync(string path, string service, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        await GitAsync(path, cancellationToken, "init", "--quiet", "--initial-branch=main").ConfigureAwait(false);
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "README.md"), $"# {service}\n", cancellationToken).ConfigureAwait(false);
        var prod = await CommitAsync(path, "Initial release", cancellationToken).ConfigureAwait(false);
        await GitAsync(path, cancellationToken, "branch", "prod", prod).ConfigureAwait(false);
        await File.AppendAllTextAsync(System.IO.Path.Combine(path, "README.md"), "\nA feature that staging has proven.\n", cancellationToken).ConfigureAwait(false);
        var main = await CommitAsync(path, "Add a feature", cancellationToken).ConfigureAwait(false);
        return new SandboxRepository(path, prod, main);
    }

    private async Task<string> CommitAsync(string path, string message, CancellationToken cancellationToken)
    {
        await GitAsync(path, cancellationToken, "add", "--all").ConfigureAwait(false);
        await GitAsync(path, cancellationToken, "-c", "user.name=Sandbox", "-c", "user.email=sandbox@example.invalid", "commit", "--quiet", "-m", message).ConfigureAwait(false);
        var result = await GitAsync(path, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false);
        return result.OutputTail[^1].Trim();
    }

    private async Task<ProcessResult> GitAsync(string path, CancellationToken cancellationToken, params string[] arguments)
    {
        var command = new ProcessCommand("git")
            .WithArguments(arguments)
            .WithWorkingDirectory(path)
            .WithEnvironment(GitEnvironment())
            .WithTimeout(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{command} failed: {result.Describe()}: {string.Join(" / ", result.OutputTail)}");
        }

        return result;
    }

    private IEnumerable<KeyValuePair<string, string>> GitEnvironment()
    {
        yield return new("PATH", context.Variable("PATH") ?? "/usr/local/bin:/usr/bin:/bin");
        yield return new("HOME", context.Variable("HOME") ?? Path.GetTempPath());
        yield return new("GIT_CONFIG_NOSYSTEM", "1");
        yield return new("GIT_TERMINAL_PROMPT", "0");
    }

    private static string Config(string directory, Uri backendStaging, Uri metadataStaging, bool canaryFails)
    {
        var canary = canaryFails
            ? "echo \"canary: error rate 7.2% is above the 1% budget\" >&2; exit 1"
            : "echo \"canary: error rate 0.1% is within the 1% budget\"";
        return $"""
            # Generated by 'pipelines sandbox'. host: local uses git repositories on disk and a Markdown tracker.
            promote:
              host: local
              repos:
                - name: backend
                  repo: '{Path.Combine(directory, "backend")}'
                  health: {backendStaging}healthcheck
                  version: {backendStaging}version
                - name: metadata
                  repo: '{Path.Combine(directory, "metadata")}'
                  health: {metadataStaging}healthcheck
                  version: {metadataStaging}version
              checks:
                - name: e2e
                  run: 'echo "E2E suite against $E2E_BASE_URL"; for s in login playlist flowsheet; do echo "  ok $s"; done'
                  env: {"{"} E2E_BASE_URL: '{backendStaging}' {"}"}
                  timeout: 1m
                - name: canary
                  run: '{canary}'
                  after: [e2e]
                  timeout: 1m
              poll: {"{"} timeout: 3s, interval: 250ms, request-timeout: 2s {"}"}
              bypass:
                tracker: '{Path.Combine(directory, "tracker.md")}'
              on-split: rollback
            """;
    }
}
