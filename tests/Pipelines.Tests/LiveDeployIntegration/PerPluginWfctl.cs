using Pipelines.Testing.LiveDeploy;
using System.Text;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>One call of the stand-in: the plugin (the clone directory it ran in), its argv and environment.</summary>
internal sealed record StandInCall(string Plugin, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary><c>plan</c>, <c>apply</c>, ... for <c>wfctl infra VERB</c>; the first argument otherwise.</summary>
    public string Verb => Arguments.Count >= 2 && Arguments[0] == "infra" ? Arguments[1] : Arguments.FirstOrDefault() ?? string.Empty;
}

/// <summary>
/// A stand-in wfctl (a bash script) that passes or fails per plugin and per verb. It runs in
/// the plugin's clone, whose directory is named after the plugin, so it knows which plugin it
/// validates; it records every call's argv and environment. Behaviour can change between runs.
/// </summary>
internal sealed class PerPluginWfctl : IDisposable
{
    private PerPluginWfctl(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "wfctl");
    }

    public string Directory { get; }

    /// <summary>The script to configure as <c>wfctl:</c>.</summary>
    public string Path { get; }

    private string CallsDirectory => System.IO.Path.Combine(Directory, "calls");

    public static PerPluginWfctl Create(string directory)
    {
        var wfctl = new PerPluginWfctl(directory);
        System.IO.Directory.CreateDirectory(wfctl.CallsDirectory);
        File.WriteAllText(wfctl.Path, Script(directory));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wfctl.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return wfctl;
    }

    /// <summary>From now on <c>wfctl infra VERB</c> in <paramref name="plugin"/>'s clone prints the lines and exits with the code.</summary>
    public PerPluginWfctl Fail(string plugin, string verb, int exitCode, params string[] output)
    {
        var directory = System.IO.Path.Combine(Directory, "behaviour", plugin);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, verb), $"{exitCode}\n{string.Concat(output.Select(l => l + "\n"))}");
        return this;
    }

    /// <summary>Every verb passes again for <paramref name="plugin"/>.</summary>
    public PerPluginWfctl Pass(string plugin)
    {
        var directory = System.IO.Path.Combine(Directory, "behaviour", plugin);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        return this;
    }

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<StandInCall> Calls()
    {
        var log = System.IO.Path.Combine(Directory, "calls.log");
        if (!File.Exists(log))
        {
            return [];
        }

        return File.ReadAllLines(log)
            .Where(id => id.Length > 0)
            .Select(id => new StandInCall(
                File.ReadAllText(System.IO.Path.Combine(CallsDirectory, id + ".plugin")).TrimEnd('\n'),
                File.ReadAllLines(System.IO.Path.Combine(CallsDirectory, id + ".argv")),
                RecordingWfctl.ParseEnvironment(File.ReadAllBytes(System.IO.Path.Combine(CallsDirectory, id + ".env")))))
            .ToList();
    }

    /// <summary>The validation and teardown calls (everything but <c>--version</c>).</summary>
    public IReadOnlyList<StandInCall> InfraCalls() => Calls().Where(c => c.Arguments.FirstOrDefault() == "infra").ToList();

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static string Script(string directory) => $$"""
        #!/usr/bin/env bash
        # Stand-in wfctl for live-deploy integration tests: records argv and env, then behaves as
        # behaviour/<plugin>/<verb> says (first line the exit code, the rest the output).
        set -u
        dir='{{directory.Replace("'", "'\\''", StringComparison.Ordinal)}}'
        plugin="$(basename "$PWD")"
        id="$(date +%s%N)-$$"
        printf '%s\n' "$@" > "$dir/calls/$id.argv"
        env -0 > "$dir/calls/$id.env"
        printf '%s\n' "$plugin" > "$dir/calls/$id.plugin"
        echo "$id" >> "$dir/calls.log"
        if [ "${1:-}" = "--version" ]; then echo "wfctl v0.0.0-integration (stand-in)"; exit 0; fi
        verb="${2:-}"
        file="$dir/behaviour/$plugin/$verb"
        if [ -f "$file" ]; then
          tail -n +2 "$file"
          exit "$(head -n 1 "$file")"
        fi
        echo "stand-in: $plugin infra $verb ok"
        exit 0
        """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
}
