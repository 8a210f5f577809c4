using System.Text;

namespace Pipelines.Testing.LiveDeploy;

/// <summary>One call of the stand-in wfctl: its arguments and its complete environment.</summary>
/// <param name="CredentialFiles">Octal mode and path of each credential file wfctl's environment pointed at, as wfctl saw it.</param>
public sealed record WfctlCall(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory, IReadOnlyList<string> CredentialFiles)
{
    public string Verb => Arguments.Count >= 2 && Arguments[0] == "infra" ? Arguments[1] : string.Join(' ', Arguments);
}

/// <summary>
/// A stand-in wfctl for tests: a bash script that records each call's argv, environment and
/// working directory, and behaves per verb as told: pass, fail with an exit code and message,
/// hang, hang ignoring SIGTERM, or fail once with a transient error.
/// </summary>
public sealed class RecordingWfctl : IDisposable
{
    private RecordingWfctl(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "wfctl");
    }

    public string Directory { get; }

    /// <summary>The script to configure as <c>wfctl:</c>.</summary>
    public string Path { get; }

    private string CallsDirectory => System.IO.Path.Combine(Directory, "calls");

    private string BehaviourDirectory => System.IO.Path.Combine(Directory, "behaviour");

    public static RecordingWfctl Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("stand-in-wfctl-").FullName;
        var wfctl = new RecordingWfctl(directory);
        System.IO.Directory.CreateDirectory(wfctl.CallsDirectory);
        System.IO.Directory.CreateDirectory(wfctl.BehaviourDirectory);
        File.WriteAllText(wfctl.Path, Script(directory));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wfctl.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return wfctl;
    }

    /// <param name="verb">plan, apply, status, destroy, cleanup, or --version.</param>
    public RecordingWfctl Fail(string verb, int exitCode, params string[] output) =>
        Set(verb, $"exit {exitCode}", output);

    public RecordingWfctl Hang(string verb) => Set(verb, "hang", []);

    public RecordingWfctl HangIgnoringTerm(string verb) => Set(verb, "hang-ignore-term", []);

    /// <summary>The first call fails with a throttling error, later calls pass.</summary>
    public RecordingWfctl TransientOnce(string verb) => Set(verb, "transient-once", []);

    public RecordingWfctl Print(string verb, params string[] output) => Set(verb, "exit 0", output);

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<WfctlCall> Calls()
    {
        var log = System.IO.Path.Combine(Directory, "calls.log");
        if (!File.Exists(log))
        {
            return [];
        }

        return File.ReadAllLines(log)
            .Where(l => l.Length > 0)
            .Select(id => new WfctlCall(
                File.ReadAllLines(System.IO.Path.Combine(CallsDirectory, id + ".argv")),
                ParseEnvironment(File.ReadAllBytes(System.IO.Path.Combine(CallsDirectory, id + ".env"))),
                File.ReadAllText(System.IO.Path.Combine(CallsDirectory, id + ".pwd")).TrimEnd('\n'),
                File.ReadAllLines(System.IO.Path.Combine(CallsDirectory, id + ".files"))))
            .ToList();
    }

    public IReadOnlyList<string> Verbs() => Calls().Select(c => c.Verb).ToList();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private RecordingWfctl Set(string verb, string behaviour, string[] output)
    {
        var text = new StringBuilder(behaviour).Append('\n');
        foreach (var line in output)
        {
            text.Append(line).Append('\n');
        }

        File.WriteAllText(System.IO.Path.Combine(BehaviourDirectory, verb), text.ToString());
        return this;
    }

    /// <summary>Reads an environment dump written by <c>env -0</c> (NUL-separated NAME=VALUE).</summary>
    public static Dictionary<string, string> ParseEnvironment(byte[] nulSeparated)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(nulSeparated).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals > 0)
            {
                environment[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        return environment;
    }

    private static string Script(string directory) => $$"""
        #!/usr/bin/env bash
        # Stand-in wfctl for tests: records argv, env and cwd, then behaves as behaviour/<verb> says.
        set -u
        dir='{{directory.Replace("'", "'\\''")}}'
        id="$(date +%s%N)-$$"
        printf '%s\n' "$@" > "$dir/calls/$id.argv"
        env -0 > "$dir/calls/$id.env"
        pwd > "$dir/calls/$id.pwd"
        : > "$dir/calls/$id.files"
        for f in "${GOOGLE_APPLICATION_CREDENTIALS:-}" "${AZURE_FEDERATED_TOKEN_FILE:-}"; do
          if [ -n "$f" ] && [ -f "$f" ]; then stat -c '%a %n' "$f" >> "$dir/calls/$id.files"; fi
        done
        echo "$id" >> "$dir/calls.log"
        if [ "${1:-}" = "infra" ]; then verb="${2:-}"; else verb="${1:-}"; fi
        file="$dir/behaviour/$verb"
        if [ "$verb" = "--version" ] && [ ! -f "$file" ]; then echo "wfctl v9.9.9-test"; exit 0; fi
        [ -f "$file" ] || { echo "stand-in: $verb ok"; exit 0; }
        behaviour="$(head -n 1 "$file")"
        tail -n +2 "$file"
        case "$behaviour" in
          "exit "*) exit "${behaviour#exit }" ;;
          hang) sleep 60; exit 0 ;;
          hang-ignore-term) trap '' TERM; sleep 60; exit 0 ;;
          transient-once)
            if [ ! -f "$file.seen" ]; then
              touch "$file.seen"
              echo "Error: operation error EC2: RunInstances, RequestLimitExceeded: Request limit exceeded."
              exit 1
            fi
            echo "stand-in: $verb ok on retry"; exit 0 ;;
        esac
        exit 0
        """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
}
