using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>A resource that exists in the stand-in's "cloud".</summary>
public sealed record CloudResource(string Provider, string Type, string Name, string Id, IReadOnlyList<string> Tags, string? Owner);

/// <summary>One call of the stand-in: argv, working directory and the environment wfctl saw.</summary>
/// <param name="CredentialFiles">Octal mode and path of the credential files the environment pointed at, as seen during the call.</param>
public sealed record StandInCall(IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> CredentialFiles)
{
    /// <summary><c>plan</c>, <c>apply</c>, ... for <c>wfctl infra VERB</c>; the first argument otherwise.</summary>
    public string Verb => Arguments.Count >= 2 && Arguments[0] == "infra" ? Arguments[1] : Arguments.FirstOrDefault() ?? string.Empty;
}

/// <summary>
/// The stand-in's world directory: <c>cloud.json</c> (what exists "in the cloud", so a test can
/// assert that nothing is left), <c>faults.json</c> (injected behaviour: a plugin error, a hang, a
/// provider that fails to load, the version wfctl reports) and <c>calls.jsonl</c>. Several
/// stand-in processes run at once (one per plugin), so every change happens under a lock file.
/// </summary>
public sealed class StandInWorld(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    private string CloudPath => Path.Combine(Directory, "cloud.json");

    private string FaultsPath => Path.Combine(Directory, "faults.json");

    private string CallsPath => Path.Combine(Directory, "calls.jsonl");

    private string LockPath => Path.Combine(Directory, "world.lock");

    /// <summary>Every resource in the cloud now.</summary>
    public IReadOnlyList<CloudResource> Cloud() => Locked(ReadCloud);

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<StandInCall> Calls() => Locked(() => File.Exists(CallsPath)
        ? File.ReadAllLines(CallsPath).Where(l => l.Length > 0).Select(ParseCall).ToList()
        : []);

    /// <summary>
    /// Injects a behaviour for <paramref name="provider"/>'s plugin on <paramref name="verb"/>
    /// (plan, apply, status, destroy, cleanup, owners): <c>error:MESSAGE</c> (the plugin answers
    /// with an error), <c>hang</c> (after its work, the command never ends and ignores SIGTERM),
    /// <c>transient-once</c> (the first call fails with a throttling error), <c>load-fails</c>
    /// (the plugin process fails to start).
    /// </summary>
    public StandInWorld Inject(string provider, string verb, string behaviour) => UpdateFaults(faults =>
    {
        var providers = faults["providers"] as JsonObject ?? (JsonObject)(faults["providers"] = new JsonObject());
        var entry = providers[provider] as JsonObject ?? (JsonObject)(providers[provider] = new JsonObject());
        entry[verb] = behaviour;
    });

    /// <summary>Removes every injected behaviour of <paramref name="provider"/>.</summary>
    public StandInWorld Heal(string provider) => UpdateFaults(faults => (faults["providers"] as JsonObject)?.Remove(provider));

    /// <summary>What <c>wfctl --version</c> prints (default <c>v0.85.4</c>).</summary>
    public StandInWorld WithVersion(string version) => UpdateFaults(faults => faults["version"] = version);

    /// <summary>
    /// <c>real</c> (default): with an owner set, the plugin's ownership gate refuses every create,
    /// as the fact sheet infers for the current DO/AWS releases (section 3.5); <c>ideal</c>: it tags.
    /// </summary>
    public StandInWorld WithOwnership(string mode) => UpdateFaults(faults => faults["ownership"] = mode);

    /// <summary>Puts a resource in the cloud directly (something an earlier run leaked).</summary>
    public void AddToCloud(CloudResource resource) => UpdateCloud(cloud => cloud.Add(resource));

    internal string? Fault(string provider, string verb) => Locked(() => ReadFaults()["providers"]?[provider]?[verb]?.GetValue<string>());

    internal string Version() => Locked(() => ReadFaults()["version"]?.GetValue<string>()) ?? "v0.85.4";

    internal bool IdealOwnership() => Locked(() => ReadFaults()["ownership"]?.GetValue<string>()) == "ideal";

    /// <summary>True the first time it is asked for this key in this world.</summary>
    internal bool FirstTime(string key) => Locked(() =>
    {
        var marker = Path.Combine(Directory, "seen", key);
        if (File.Exists(marker))
        {
            return false;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, string.Empty);
        return true;
    });

    internal T UpdateCloud<T>(Func<List<CloudResource>, T> change) => Locked(() =>
    {
        var cloud = ReadCloud();
        var result = change(cloud);
        var array = new JsonArray(cloud.Select(r => (JsonNode)new JsonObject
        {
            ["provider"] = r.Provider,
            ["type"] = r.Type,
            ["name"] = r.Name,
            ["id"] = r.Id,
            ["tags"] = new JsonArray(r.Tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["owner"] = r.Owner,
        }).ToArray());
        File.WriteAllText(CloudPath, new JsonObject { ["resources"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return result;
    });

    internal void UpdateCloud(Action<List<CloudResource>> change) => UpdateCloud(cloud => { change(cloud); return 0; });

    internal void Record(StandInCall call) => Locked(() =>
    {
        var line = new JsonObject
        {
            ["argv"] = new JsonArray(call.Arguments.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            ["cwd"] = call.WorkingDirectory,
            ["env"] = new JsonObject(call.Environment.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))),
            ["files"] = new JsonArray(call.CredentialFiles.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
        };
        File.AppendAllText(CallsPath, line.ToJsonString() + "\n");
        return 0;
    });

    private StandInWorld UpdateFaults(Action<JsonObject> change)
    {
        Locked(() =>
        {
            var faults = ReadFaults();
            change(faults);
            File.WriteAllText(FaultsPath, faults.ToJsonString());
            return 0;
        });
        return this;
    }

    private JsonObject ReadFaults() =>
        File.Exists(FaultsPath) ? JsonNode.Parse(File.ReadAllText(FaultsPath)) as JsonObject ?? [] : [];

    private List<CloudResource> ReadCloud()
    {
        if (!File.Exists(CloudPath) || JsonNode.Parse(File.ReadAllText(CloudPath))?["resources"] is not JsonArray resources)
        {
            return [];
        }

        return resources.OfType<JsonObject>().Select(r => new CloudResource(
            (string)r["provider"]!,
            (string)r["type"]!,
            (string)r["name"]!,
            (string)r["id"]!,
            r["tags"]?.AsArray().Select(t => (string)t!).ToList() ?? [],
            (string?)r["owner"])).ToList();
    }

    private static StandInCall ParseCall(string line)
    {
        var node = JsonNode.Parse(line)!;
        return new StandInCall(
            node["argv"]!.AsArray().Select(a => (string)a!).ToList(),
            (string)node["cwd"]!,
            node["env"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!, StringComparer.Ordinal),
            node["files"]!.AsArray().Select(a => (string)a!).ToList());
    }

    // A lock file held exclusively: the stand-in processes of one run share the world.
    private T Locked<T>(Func<T> action)
    {
        System.IO.Directory.CreateDirectory(Directory);
        for (var attempt = 0; ; attempt++)
        {
            FileStream? handle = null;
            try
            {
                handle = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 2000)
            {
                Thread.Sleep(5);
                continue;
            }

            using (handle)
            {
                return action();
            }
        }
    }
}
