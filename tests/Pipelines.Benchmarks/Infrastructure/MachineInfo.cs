using System.Globalization;
using System.Runtime.InteropServices;

namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>The machine the numbers were measured on, and how busy it was.</summary>
public sealed record MachineInfo(
    int ProcessorCount,
    string CpuModel,
    double MemoryGiB,
    string Os,
    string DotnetSdk,
    string Runtime,
    string CliConfiguration)
{
    public static async Task<MachineInfo> ReadAsync(string dotnetHost, string cliConfiguration, CancellationToken cancellationToken)
    {
        var cpu = ReadLines("/proc/cpuinfo")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == "model name")
            .Select(parts => parts[1].Trim())
            .FirstOrDefault() ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memoryKb = ReadLines("/proc/meminfo")
            .Where(line => line.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .FirstOrDefault();

        var sdk = await ChildProcess.RunAsync(
            new ChildCommand(dotnetHost, ["--version"], BenchmarkEnvironment.Minimal(), Environment.CurrentDirectory, TimeSpan.FromMinutes(1)),
            cancellationToken).ConfigureAwait(false);

        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            Math.Round(memoryKb / 1024 / 1024, 1),
            RuntimeInformation.OSDescription,
            sdk.Output.Trim(),
            RuntimeInformation.FrameworkDescription,
            cliConfiguration);
    }

    /// <summary>The 1-minute load average: how many runnable tasks competed for the cores.</summary>
    public static double LoadAverage()
    {
        var fields = ReadLines("/proc/loadavg").FirstOrDefault()?.Split(' ');
        return fields is { Length: > 0 } ? double.Parse(fields[0], CultureInfo.InvariantCulture) : double.NaN;
    }

    private static IEnumerable<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadLines(path) : [];
}
