using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>
/// Reads one mapping of the schema: refuses keys it does not know (naming the allowed ones and the
/// nearest match), and gives typed access to the values by key with their paths.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> _values;

    private MappingReader(YamlMappingNode node, string path, ReadContext context, IReadOnlyList<string> allowedKeys)
    {
        Path = path;
        Context = context;
        Line = Nodes.Line(node);
        _values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            // The guarded parser has already refused keys that are not scalars and duplicate keys.
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!allowedKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new ConfigurationException(UnknownKeyMessage(key, allowedKeys), KeyPath.Child(path, key), Nodes.Line(keyNode));
            }

            _values[key] = value;
        }
    }

    public string Path { get; }

    public int Line { get; }

    public ReadContext Context { get; }

    public static MappingReader Read(YamlNode node, string path, ReadContext context, IReadOnlyList<string> allowedKeys) =>
        node is YamlMappingNode mapping
            ? new MappingReader(mapping, path, context, allowedKeys)
            : throw Nodes.WrongType(node, path, $"a mapping with keys {string.Join(", ", allowedKeys)}");

    public string PathOf(string key) => KeyPath.Child(Path, key);

    /// <summary>The value under <paramref name="key"/>; null when absent or YAML null.</summary>
    public YamlNode? Node(string key) =>
        _values.TryGetValue(key, out var node) && !Nodes.IsNull(node) ? node : null;

    /// <summary>
    /// Optional text: null when absent or YAML null. Present but blank (<c>""</c>) is an error
    /// rather than a silent default, because no optional setting means anything when blank.
    /// </summary>
    public ConfigValue? Text(string key, bool expand = true) =>
        Node(key) is { } node ? Nodes.RequiredText(node, PathOf(key), Context, expand) : null;

    /// <summary>Text that must be present and not blank.</summary>
    public ConfigValue RequiredText(string key, bool expand = true, string? hint = null) =>
        Node(key) is { } node
            ? Nodes.RequiredText(node, PathOf(key), Context, expand)
            : throw Missing(key, hint);

    public MappingReader? Mapping(string key, IReadOnlyList<string> allowedKeys) =>
        Node(key) is { } node ? Read(node, PathOf(key), Context, allowedKeys) : null;

    public IReadOnlyList<ConfigValue> TextList(string key) =>
        Node(key) is { } node ? Nodes.TextList(node, PathOf(key), Context) : [];

    public IReadOnlyList<YamlNode> Items(string key) =>
        Node(key) is { } node ? Nodes.Items(node, PathOf(key)) : [];

    /// <summary>
    /// The entries of a mapping whose keys are the user's own (an <c>env</c> block, the
    /// <c>auth</c> providers), in file order; empty when absent.
    /// </summary>
    public IReadOnlyList<(string Key, int Line, YamlNode Value)> OpenEntries(string key)
    {
        if (Node(key) is not { } node)
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            throw Nodes.WrongType(node, PathOf(key), "a mapping");
        }

        return mapping.Children
            .Select(entry => (((YamlScalarNode)entry.Key).Value ?? string.Empty, Nodes.Line(entry.Key), entry.Value))
            .ToList();
    }

    public ConfigurationException Missing(string key, string? hint = null) =>
        new(hint is null ? "is required" : $"is required: {hint}", PathOf(key), Line);

    private static string UnknownKeyMessage(string key, IReadOnlyList<string> allowedKeys)
    {
        var suggestion = Suggestions.Nearest(key, allowedKeys);
        var didYouMean = suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
        return $"unknown key{didYouMean} (allowed here: {string.Join(", ", allowedKeys)})";
    }
}
