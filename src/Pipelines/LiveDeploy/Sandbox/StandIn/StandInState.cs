using System.Text.Json.Nodes;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>One resource wfctl tracks in state.</summary>
internal sealed record StateRecord(string Name, string Type, string ProviderModule, string ProviderId, string ConfigHash);

/// <summary>
/// wfctl's state store (fact sheet 3.7; W iac/wfctlhelpers/state.go:44-135,154-300): only an
/// <c>iac.state</c> module gives state. <c>filesystem</c> (or no backend) keeps one JSON file per
/// resource, <c>&lt;directory&gt;/&lt;name with / \ : * as _&gt;.json</c>, plus <c>metadata.json</c>,
/// a relative directory resolving against the working directory. Without the module the store is
/// a no-op: nothing saved, the list always empty.
/// </summary>
internal sealed class StandInState
{
    private readonly string? _directory;

    public StandInState(StandInModule? module, string workingDirectory)
    {
        if (module is null)
        {
            return;
        }

        var backend = module.Text("backend") ?? string.Empty;
        if (backend is not ("" or "filesystem"))
        {
            // The stand-in keeps only filesystem state; say so rather than pretend.
            throw new WfctlError($"stand-in wfctl: iac.state backend \"{backend}\" is not emulated (only filesystem)");
        }

        _directory = Path.GetFullPath(module.Text("directory") ?? "/var/lib/workflow/iac-state", workingDirectory);
    }

    public IReadOnlyList<StateRecord> List()
    {
        if (_directory is null || !Directory.Exists(_directory))
        {
            return [];
        }

        return Directory.GetFiles(_directory, "*.json")
            .Where(f => Path.GetFileName(f) != "metadata.json")
            .Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .Select(n => new StateRecord((string)n["name"]!, (string)n["type"]!, (string)n["provider"]!, (string)n["provider_id"]!, (string)n["config_hash"]!))
            .ToList();
    }

    public void Save(StateRecord record)
    {
        if (_directory is null)
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        var json = new JsonObject
        {
            ["name"] = record.Name,
            ["type"] = record.Type,
            ["provider"] = record.ProviderModule,
            ["provider_id"] = record.ProviderId,
            ["config_hash"] = record.ConfigHash,
        };
        var path = PathOf(record.Name);
        File.WriteAllText(path, json.ToJsonString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void SaveMetadata(string wfctlVersion, IEnumerable<StandInPlugin> plugins)
    {
        if (_directory is null)
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "metadata.json"), new JsonObject
        {
            ["generator_metadata"] = Metadata(wfctlVersion, plugins),
        }.ToJsonString());
    }

    public void Delete(string name)
    {
        if (_directory is not null)
        {
            File.Delete(PathOf(name));
        }
    }

    public static JsonObject Metadata(string wfctlVersion, IEnumerable<StandInPlugin> plugins) => new()
    {
        ["wfctl_version"] = wfctlVersion,
        ["plugins"] = new JsonArray(plugins.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["version"] = p.Version }).ToArray()),
    };

    private string PathOf(string name) =>
        Path.Combine(_directory!, name.Replace('/', '_').Replace('\\', '_').Replace(':', '_').Replace('*', '_') + ".json");
}
