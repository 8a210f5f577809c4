using System.Reflection;
using System.Text;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>How to start the stand-in: a program and the arguments that precede wfctl's own.</summary>
/// <param name="Program">The dotnet host (then <paramref name="Prefix"/> starts with pipelines.dll) or the pipelines apphost.</param>
public sealed record StandInLauncher(string Program, IReadOnlyList<string> Prefix)
{
    /// <summary>The hidden first argument of the <c>pipelines</c> CLI that runs the stand-in instead of the CLI.</summary>
    public const string EntryArgument = "__wfctl-stand-in";

    /// <summary>This very CLI: <c>dotnet pipelines.dll</c> after <c>dotnet run</c>/<c>dotnet pipelines.dll</c>, or the apphost when published.</summary>
    public static StandInLauncher FromCurrentProcess()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        if (Path.GetFileNameWithoutExtension(process) != "dotnet")
        {
            return new StandInLauncher(process, [EntryArgument]);
        }

        var entry = Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(entry)
            ? throw new InvalidOperationException("the pipelines CLI assembly is unknown")
            : new StandInLauncher(process, [entry, EntryArgument]);
    }

    /// <summary><c>dotnet DLL</c> for a built CLI (tests, where this process is the test host).</summary>
    public static StandInLauncher ForBuiltCli(string dotnetHost, string cliDll) => new(dotnetHost, [cliDll, EntryArgument]);
}

/// <summary>
/// The faithful wfctl stand-in, as an executable named <c>wfctl</c>: a tiny <c>/bin/sh</c> shim that
/// execs the stand-in inside the <c>pipelines</c> CLI (<see cref="StandInLauncher.EntryArgument"/>),
/// pointing it at a world directory (its "cloud", its fault injections and its call log).
/// </summary>
/// <remarks>
/// Why C# and not a bash script: being faithful means parsing plugin.json (JSON) and the example
/// (YAML with environment overrides and <c>${VAR}</c> expansion), keeping filesystem state the
/// way wfctl's <c>iac.state</c> store does, and ignoring SIGTERM while infra work runs. That is
/// the same code for the unit, integration and CLI tests and for <c>pipelines sandbox live-deploy</c>,
/// which needs nothing but the .NET SDK and git. It lives in the CLI (a hidden first argument)
/// rather than in its own project so a fresh clone builds one executable; the CLI checks that
/// argument before anything else loads, so a call costs about one .NET start-up.
/// </remarks>
public static class StandInWfctl
{
    /// <summary>The variable through which the shim names the world; never part of wfctl's environment as recorded.</summary>
    public const string WorldVariable = "PIPELINES_WFCTL_STAND_IN_WORLD";

    /// <summary>Writes <c>&lt;binDirectory&gt;/wfctl</c> and returns its path.</summary>
    public static string Install(string binDirectory, string worldDirectory, StandInLauncher launcher)
    {
        Directory.CreateDirectory(binDirectory);
        Directory.CreateDirectory(worldDirectory);
        var path = Path.Combine(binDirectory, "wfctl");
        var text = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append("# STAND-IN for wfctl, written by Pipelines. It is NOT the real wfctl and talks to no cloud:\n")
            .Append("# it behaves like wfctl as documented in the wfctl fact sheet and keeps its \"cloud\" in the world directory.\n")
            .Append(WorldVariable).Append('=').Append(Quote(Path.GetFullPath(worldDirectory))).Append('\n')
            .Append("export ").Append(WorldVariable).Append('\n');
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            text.Append("DOTNET_ROOT=").Append(Quote(root)).Append("; export DOTNET_ROOT\n");
        }

        text.Append("DOTNET_NOLOGO=1; export DOTNET_NOLOGO\n")
            .Append("DOTNET_TieredPGO=0; export DOTNET_TieredPGO\n")
            .Append("exec ").Append(Quote(launcher.Program));
        foreach (var argument in launcher.Prefix)
        {
            text.Append(' ').Append(Quote(argument));
        }

        text.Append(" \"$@\"\n");
        File.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
