namespace Pipelines.Benchmarks.Infrastructure;

/// <summary><c>dotnet publish -c Release</c> of the CLI into a directory, with ReadyToRun on or off.</summary>
public sealed class CliPublisher(RepositoryLayout layout, string dotnetHost, TextWriter log)
{
    public async Task<CliUnderTest> PublishAsync(string output, bool readyToRun, CancellationToken cancellationToken)
    {
        var flag = readyToRun ? "true" : "false";
        await log.WriteLineAsync($"dotnet publish -c Release -p:PublishReadyToRun={flag} -o {output}").ConfigureAwait(false);
        var publish = await ChildProcess.RunAsync(
            new ChildCommand(
                dotnetHost,
                ["publish", layout.CliProject, "-c", "Release", "-o", output, $"-p:PublishReadyToRun={flag}", "--nologo"],
                BenchmarkEnvironment.Minimal(),
                layout.Root,
                TimeSpan.FromMinutes(10)),
            cancellationToken).ConfigureAwait(false);
        return publish.ExitCode == 0
            ? CliUnderTest.Published(output)
            : throw new BenchmarkFailure($"dotnet publish (ReadyToRun={flag}) failed:\n{publish.Tail(40)}");
    }
}
