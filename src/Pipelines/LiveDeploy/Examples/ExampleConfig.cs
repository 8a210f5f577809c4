using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.LiveDeploy.Examples;

/// <summary>
/// What live-deploy reads from a plugin's example before running wfctl on it: whether it declares
/// any resource (modules of type <c>infra.*</c> or <c>platform.*</c>, fact sheet 2.1) and an
/// <c>iac.state</c> module (without one wfctl keeps no state, so destroy would act on nothing: 3.7).
/// </summary>
public sealed record ExampleConfig(string Path, bool DeclaresResources, bool HasState)
{
    public const string DerivedPrefix = ".live-deploy-";

    /// <exception cref="FormatException">The file is not YAML with a <c>modules</c> list.</exception>
    public static ExampleConfig Read(string path)
    {
        var modules = Modules(Load(path));
        var types = modules.Select(m => m.Children.TryGetValue(new YamlScalarNode("type"), out var type) ? (type as YamlScalarNode)?.Value : null).ToList();
        return new ExampleConfig(
            path,
            types.Any(t => t is not null && (t.StartsWith("infra.", StringComparison.Ordinal) || t.StartsWith("platform.", StringComparison.Ordinal))),
            types.Contains("iac.state"));
    }

    /// <summary>
    /// A copy of the example beside it (so its relative paths still resolve), with a filesystem
    /// <c>iac.state</c> module keeping state in <paramref name="stateDirectory"/>. The checkout's
    /// own files are never changed. Returns the copy's path.
    /// </summary>
    public string DeriveWithState(string stateDirectory, string runId)
    {
        var stream = Load(Path);
        var modules = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("modules")];
        modules.Add(new YamlMappingNode(
            new YamlScalarNode("name"), new YamlScalarNode("live-deploy-state"),
            new YamlScalarNode("type"), new YamlScalarNode("iac.state"),
            new YamlScalarNode("config"), new YamlMappingNode(
                new YamlScalarNode("backend"), new YamlScalarNode("filesystem"),
                new YamlScalarNode("directory"), new YamlScalarNode(System.IO.Path.GetFullPath(stateDirectory)) { Style = ScalarStyle.DoubleQuoted })));
        var derived = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"{DerivedPrefix}{runId}-{System.IO.Path.GetFileName(Path)}");
        using (var writer = new StreamWriter(derived))
        {
            stream.Save(writer, assignAnchors: false);
        }

        return derived;
    }

    /// <summary>An example is a small file from an untrusted checkout: larger ones are not read.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static YamlStream Load(string path)
    {
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new FormatException($"the example is larger than {MaxBytes} bytes");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new FormatException($"the example is not valid YAML: {e.Message}", e);
        }

        return stream;
    }

    private static List<YamlMappingNode> Modules(YamlStream stream) =>
        stream.Documents.Count > 0
        && stream.Documents[0].RootNode is YamlMappingNode root
        && root.Children.TryGetValue(new YamlScalarNode("modules"), out var modules)
        && modules is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>().ToList()
            : throw new FormatException("the example has no 'modules' list");
}
