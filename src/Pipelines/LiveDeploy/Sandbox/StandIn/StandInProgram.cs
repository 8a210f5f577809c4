using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>
/// The entry point of the stand-in wfctl (<c>pipelines __wfctl-stand-in ARGS</c>, reached through
/// the <c>wfctl</c> shim). Exit codes are only 0 and 1, as wfctl's (fact sheet 6.1); errors print
/// <c>error: </c> and the root cause on stderr; stdout and stderr are UTF-8.
/// </summary>
public static class StandInProgram
{
    public static int Main(IReadOnlyList<string> args)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
        using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        if (!environment.Remove(StandInWfctl.WorldVariable, out var worldDirectory))
        {
            stderr.WriteLine("error: stand-in wfctl started without its world directory (use the wfctl shim)");
            return 1;
        }

        return Run(args, new StandInWorld(worldDirectory), environment, Directory.GetCurrentDirectory(), stdout, stderr);
    }

    /// <summary>Runs one wfctl command line (the whole program, minus the process around it).</summary>
    public static int Run(IReadOnlyList<string> args, StandInWorld world, IReadOnlyDictionary<string, string> environment, string workingDirectory, TextWriter stdout, TextWriter stderr)
    {
        world.Record(new StandInCall(args, workingDirectory, environment, CredentialFiles(environment)));
        var version = world.Version();
        try
        {
            switch (args.FirstOrDefault())
            {
                case null:
                    Usage(stderr, version);
                    return 0;
                case "--version" or "-v" or "version":
                    // Only the version, on stderr (W handlers/cli.go:169-175), then maybe the update notice.
                    stderr.WriteLine(version);
                    UpdateNotice(environment, version, stderr);
                    return 0;
                case "infra":
                    return Infra(args.Skip(1).ToList(), world, environment, workingDirectory, version, stdout, stderr);
                default:
                    stderr.WriteLine($"unknown command: {args[0]}");
                    Usage(stderr, version);
                    return 1;
            }
        }
        catch (WfctlError e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static int Infra(List<string> args, StandInWorld world, IReadOnlyDictionary<string, string> environment, string workingDirectory, string version, TextWriter stdout, TextWriter stderr)
    {
        var action = args.FirstOrDefault();
        if (action is null || !StandInFlags.IsAction(action))
        {
            stderr.WriteLine("Usage: wfctl infra <plan|apply|status|drift|destroy|import|bootstrap|cleanup|owners|state> [options]");
            throw new WfctlError("missing or unknown action");
        }

        var flags = StandInFlags.Parse(action, args.Skip(1).ToList(), stderr);

        // Infra commands run on their own context: SIGTERM and SIGINT do not stop them (fact sheet 6.4;
        // W cmd/wfctl/main.go:272-279, infra.go:332). Only SIGKILL does.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        var infra = new StandInInfra(world, flags, environment, workingDirectory, version, stdout, stderr);
        return action switch
        {
            "plan" => infra.Plan(),
            "apply" => infra.Apply(),
            "status" => infra.Status(),
            "destroy" => infra.Destroy(),
            "cleanup" => infra.Cleanup(),
            _ => infra.Owners(),
        };
    }

    // W cmd/wfctl/update.go:21-25,54-68: off under CI, GITHUB_ACTIONS or WFCTL_NO_UPDATE_CHECK, and for dev builds.
    private static void UpdateNotice(IReadOnlyDictionary<string, string> environment, string version, TextWriter stderr)
    {
        if (version == "dev" || environment.ContainsKey("CI") || environment.ContainsKey("GITHUB_ACTIONS") || environment.ContainsKey("WFCTL_NO_UPDATE_CHECK"))
        {
            return;
        }

        stderr.WriteLine();
        stderr.WriteLine($"⚡ wfctl v99.0.0 is available (you have {version}). Run 'wfctl update' to upgrade.");
        stderr.WriteLine();
    }

    private static void Usage(TextWriter stderr, string version) =>
        stderr.WriteLine($"wfctl - Workflow Engine CLI (version {version})\n\nUsage: wfctl <command> [options]");

    private static List<string> CredentialFiles(IReadOnlyDictionary<string, string> environment)
    {
        var files = new List<string>();
        foreach (var name in (string[])["GOOGLE_APPLICATION_CREDENTIALS", "AZURE_FEDERATED_TOKEN_FILE"])
        {
            if (environment.TryGetValue(name, out var path) && File.Exists(path))
            {
                var mode = OperatingSystem.IsWindows() ? 0 : (int)File.GetUnixFileMode(path);
                files.Add($"{Convert.ToString(mode, 8)} {path}");
            }
        }

        return files;
    }
}
