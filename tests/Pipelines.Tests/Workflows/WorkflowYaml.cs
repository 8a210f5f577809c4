using Pipelines.Testing.Cli;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Tests.Workflows;

/// <summary>Reads GitHub Actions workflow files of this repository as YAML trees.</summary>
internal static class WorkflowYaml
{
    public static string Root { get; } = CliProcess.RepositoryRoot();

    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, path));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    public static IEnumerable<(string Name, YamlMappingNode Body)> Entries(YamlMappingNode? node) =>
        node is null ? [] : node.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    /// <summary>The <c>on.workflow_call</c> block of a reusable workflow.</summary>
    public static YamlMappingNode WorkflowCall(string path) =>
        Map(Map(Load(path), "on") ?? throw new InvalidOperationException($"{path} has no 'on'"), "workflow_call")
        ?? throw new InvalidOperationException($"{path} is not callable: no on.workflow_call");

    /// <summary>The reusable workflow a caller's job uses, as a path in this repository, and its pinned ref (null when local).</summary>
    public static (string Path, string? Ref) Callee(string uses)
    {
        if (uses.StartsWith("./", StringComparison.Ordinal))
        {
            return (uses[2..], null);
        }

        // owner/repo/.github/workflows/file.yml@ref: the same file in this repository.
        var at = uses.LastIndexOf('@');
        var path = uses[..at];
        return (path[(path.IndexOf("/.github/", StringComparison.Ordinal) + 1)..], uses[(at + 1)..]);
    }
}
