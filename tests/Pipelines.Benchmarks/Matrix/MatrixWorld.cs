using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.Testing.Git;

namespace Pipelines.Benchmarks.Matrix;

/// <summary>
/// A live-deploy world built by the sandbox's own pieces (<see cref="LiveDeploySandbox"/>: plugin
/// repositories, a local registry, tracker directories, a config with host local), with its
/// stand-in wfctl replaced by one that takes a set time per plugin. Every plugin is verified and
/// green, so no status changes follow and every run does the same work.
/// </summary>
public sealed partial class MatrixWorld : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly LiveDeploySandbox _sandbox;

    private MatrixWorld(int plugins, TempDirectory directory, LiveDeploySandbox sandbox)
    {
        Plugins = plugins;
        _directory = directory;
        _sandbox = sandbox;
    }

    public int Plugins { get; }

    public string Directory => _sandbox.Directory;

    public IReadOnlyDictionary<string, string> Environment => _sandbox.Environment;

    public string ReportPath => Path.Combine(Directory, "report.json");

    public static async Task<MatrixWorld> CreateAsync(int plugins, CancellationToken cancellationToken)
    {
        var directory = new TempDirectory("pipelines-bench-matrix");
        try
        {
            var scenario = new MatrixScenario(plugins, plugins);
            var sandboxPlugins = Enumerable.Range(0, plugins)
                .Select(i => new SandboxPlugin(MatrixScenario.PluginName(i), "verified", "pass", "a benchmark plugin"))
                .ToList();
            var sandbox = await LiveDeploySandbox.CreateAsync(
                directory.Combine("world"), new ProcessRunner(), BenchmarkEnvironment.Minimal(), cancellationToken, sandboxPlugins).ConfigureAwait(false);

            var durations = Path.Combine(sandbox.Directory, "durations.txt");
            await File.WriteAllTextAsync(durations, Durations(scenario), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(sandbox.Settings.Wfctl, TimedWfctl(durations), cancellationToken).ConfigureAwait(false);
            return new MatrixWorld(plugins, directory, sandbox);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The sandbox's configuration with <c>parallel</c> set, written next to it.</summary>
    public async Task<string> ConfigAsync(int parallel, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, $"pipelines-parallel-{parallel}.yaml");
        var yaml = ParallelLine().Replace(_sandbox.ConfigYaml, $"${{indent}}parallel: {parallel.ToString(CultureInfo.InvariantCulture)}", 1);
        if (yaml == _sandbox.ConfigYaml && !yaml.Contains($"parallel: {parallel}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the sandbox configuration has no parallel: line to set");
        }

        await File.WriteAllTextAsync(path, yaml, cancellationToken).ConfigureAwait(false);
        return path;
    }

    public void Dispose()
    {
        // The sandbox serves the release tarballs the runs download; stop it before removing the files.
        _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directory.Dispose();
    }

    [GeneratedRegex(@"^(?<indent>[ ]+)parallel: \d+", RegexOptions.Multiline)]
    private static partial Regex ParallelLine();

    /// <summary>One line per plugin: its name, then the seconds apply and destroy each take (60 % and 40 %).</summary>
    private static string Durations(MatrixScenario scenario)
    {
        var text = new StringBuilder();
        for (var index = 0; index < scenario.Plugins; index++)
        {
            var seconds = scenario.DurationOf(index).TotalSeconds;
            text.AppendLine(CultureInfo.InvariantCulture, $"{MatrixScenario.PluginName(index)} {seconds * 0.6:0.000} {seconds * 0.4:0.000}");
        }

        return text.ToString();
    }

    private static string TimedWfctl(string durationsFile) => $$"""
        #!/usr/bin/env bash
        # STAND-IN for wfctl, written by the matrix benchmark: it talks to no cloud. Every example
        # passes with the faithful stand-in's proof lines (a plan summary, an empty status after
        # destroy); apply and destroy sleep for the plugin's share of the durations file. Bash
        # built-ins only (but sleep), so that the stand-in's own CPU does not count as overhead.
        set -u
        if [ "${1:-}" = "--version" ]; then
          echo "v0.85.4" >&2
          exit 0
        fi
        # The plugin is the run directory above --plugin-dir (<run>/<plugin>/plugins).
        plugin=""; previous=""
        for argument in "$@"; do
          if [ "$previous" = "--plugin-dir" ]; then plugin="${argument%/plugins}"; plugin="${plugin##*/}"; fi
          previous="$argument"
        done
        apply=0; destroy=0
        while read -r name apply_s destroy_s; do
          if [ "$name" = "$plugin" ]; then apply="$apply_s"; destroy="$destroy_s"; fi
        done < '{{durationsFile.Replace("'", "'\\''", StringComparison.Ordinal)}}'
        case "${1:-} ${2:-}" in
          "infra plan") echo "Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy." ;;
          "infra apply") sleep "$apply"; echo "  ✓ network (infra.vpc)" ;;
          "infra status") echo "No resources tracked in state." ;;
          "infra destroy") sleep "$destroy"; echo "  ✓ destroyed network" ;;
          *) echo "[stand-in wfctl] $*: ok" ;;
        esac
        exit 0

        """.Replace("\r\n", "\n", StringComparison.Ordinal);
}
