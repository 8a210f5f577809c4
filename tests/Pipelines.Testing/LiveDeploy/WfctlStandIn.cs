using Pipelines.LiveDeploy.Sandbox.StandIn;
using Pipelines.Testing.Cli;

namespace Pipelines.Testing.LiveDeploy;

/// <summary>One call of the stand-in wfctl, with the plugin it validated (from its <c>--plugin-dir</c>, <c>&lt;run&gt;/&lt;plugin&gt;/plugins</c>).</summary>
public sealed record WfctlCall(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory, IReadOnlyList<string> CredentialFiles, string? Plugin)
{
    public string Verb => Arguments.Count >= 2 && Arguments[0] == "infra" ? Arguments[1] : Arguments.FirstOrDefault() ?? string.Empty;

    /// <summary>The command line with the run's private paths named: &lt;plugin-dir&gt;, &lt;example&gt; (or &lt;derived example&gt;, the copy with state), &lt;plan-file&gt;.</summary>
    public string Shape()
    {
        var shaped = Arguments.ToList();
        for (var i = 0; i + 1 < shaped.Count; i++)
        {
            shaped[i + 1] = shaped[i] switch
            {
                "--plugin-dir" => "<plugin-dir>",
                "-c" => System.IO.Path.GetFileName(shaped[i + 1]).StartsWith(".live-deploy-", StringComparison.Ordinal) ? "<derived example>" : "<example>",
                "-o" => "<plan-file>",
                _ => shaped[i + 1],
            };
        }

        return string.Join(' ', shaped);
    }
}

/// <summary>
/// The tests' handle on the faithful stand-in wfctl (the same one the sandbox uses: the
/// <c>pipelines</c> CLI's hidden stand-in entry, built from the wfctl fact sheet): its
/// executable path, fault injection per plugin (= provider name) and verb, its calls and its cloud.
/// </summary>
public sealed class WfctlStandIn(StandInWorld world, string path, IReadOnlyList<string> plugins)
{
    /// <summary>The stand-in as this checkout's built CLI runs it.</summary>
    public static StandInLauncher Launcher() => StandInLauncher.ForBuiltCli(CliProcess.DotnetHost(), CliProcess.LocateDll());

    /// <summary>Writes a <c>wfctl</c> shim into <paramref name="directory"/>/bin with its world in <paramref name="directory"/>/world.</summary>
    public static WfctlStandIn Install(string directory, IReadOnlyList<string> plugins)
    {
        var world = new StandInWorld(System.IO.Path.Combine(directory, "world"));
        return new WfctlStandIn(world, StandInWfctl.Install(System.IO.Path.Combine(directory, "bin"), world.Directory, Launcher()), plugins);
    }

    /// <summary>The executable to configure as <c>wfctl:</c>.</summary>
    public string Path { get; } = path;

    public StandInWorld World { get; } = world;

    /// <summary>From now on the plugin answers <paramref name="verb"/> with an error (wfctl exits 1 and prints it).</summary>
    public WfctlStandIn Fail(string plugin, string verb, params string[] message)
    {
        World.Inject(plugin, verb, "error:" + string.Join(' ', message));
        return this;
    }

    /// <summary><see cref="Fail(string, string, string[])"/> for every plugin of the world.</summary>
    public WfctlStandIn FailAll(string verb, params string[] message) => ForAll(p => Fail(p, verb, message));

    /// <summary>The command never ends (SIGTERM is ignored during infra work; only SIGKILL stops it).</summary>
    public WfctlStandIn Hang(string verb) => ForAll(p => World.Inject(p, verb, "hang"));

    public WfctlStandIn TransientOnce(string verb) => ForAll(p => World.Inject(p, verb, "transient-once"));

    public WfctlStandIn LoadFails(string plugin, string verb)
    {
        World.Inject(plugin, verb, "load-fails");
        return this;
    }

    /// <summary>Every verb of <paramref name="plugin"/> behaves again.</summary>
    public WfctlStandIn Pass(string plugin)
    {
        World.Heal(plugin);
        return this;
    }

    public IReadOnlyList<WfctlCall> Calls() => World.Calls().Select(c => new WfctlCall(c.Arguments, c.Environment, c.WorkingDirectory, c.CredentialFiles, PluginOf(c.Arguments))).ToList();

    /// <summary>The validation and teardown calls (everything but <c>--version</c>).</summary>
    public IReadOnlyList<WfctlCall> InfraCalls() => Calls().Where(c => c.Arguments.FirstOrDefault() == "infra").ToList();

    public IReadOnlyList<string> Verbs() => Calls().Select(c => c.Verb).ToList();

    public IReadOnlyList<CloudResource> Cloud() => World.Cloud();

    private WfctlStandIn ForAll(Action<string> inject)
    {
        foreach (var plugin in plugins)
        {
            inject(plugin);
        }

        return this;
    }

    private static string? PluginOf(IReadOnlyList<string> arguments)
    {
        var index = arguments.ToList().IndexOf("--plugin-dir");
        return index >= 0 && index + 1 < arguments.Count ? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(arguments[index + 1])) : null;
    }
}
