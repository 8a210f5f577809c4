using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>Typed reads of single YAML nodes, each failure naming the key path and line.</summary>
internal static class Nodes
{
    public static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 0, int.MaxValue);

    public static int Line(YamlNode node) => Line(node.Start);

    /// <summary>YAML's null: an empty plain value, <c>~</c> or <c>null</c>. It means "not set".</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "text",
    };

    public static ConfigurationException WrongType(YamlNode node, string path, string expected) =>
        new($"expected {expected}, found {Describe(node)}", path.Length == 0 ? null : path, Line(node));

    /// <summary>
    /// Reads a text value; null when the node is YAML null. With <paramref name="expand"/>,
    /// <c>${NAME}</c> is expanded and recorded. Control characters other than tab and newlines are
    /// refused: no legitimate value needs them and they break processes and terminals.
    /// </summary>
    public static ConfigValue? Text(YamlNode node, string path, ReadContext context, bool expand = true)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw WrongType(node, path, "text");
        }

        if (IsNull(node))
        {
            return null;
        }

        var raw = scalar.Value ?? string.Empty;
        var line = Line(node);
        RejectControlCharacters(raw, path, line, "");
        if (!expand)
        {
            return new ConfigValue(raw, raw, Expanded: false, path, line);
        }

        var used = new List<string>();
        var text = EnvironmentExpander.Expand(raw, context.Environment, path, line, used);
        foreach (var variable in used)
        {
            context.Referenced(variable, path, line);
        }

        RejectControlCharacters(text, path, line, " after expansion");
        return new ConfigValue(text, raw, used.Count > 0, path, line);
    }

    public static ConfigValue RequiredText(YamlNode node, string path, ReadContext context, bool expand = true) =>
        Text(node, path, context, expand) is { } value && !string.IsNullOrWhiteSpace(value.Text)
            ? value
            : throw new ConfigurationException("must not be empty", path, Line(node));

    /// <summary>A list of text values; YAML null is an empty list.</summary>
    public static IReadOnlyList<ConfigValue> TextList(YamlNode node, string path, ReadContext context)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw WrongType(node, path, "a list, e.g. [a, b]");
        }

        var values = new List<ConfigValue>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            values.Add(RequiredText(sequence.Children[i], KeyPath.Item(path, i), context));
        }

        return values;
    }

    /// <summary>The items of a list; YAML null is an empty list.</summary>
    public static IReadOnlyList<YamlNode> Items(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return [];
        }

        return node is YamlSequenceNode sequence
            ? sequence.Children.ToList()
            : throw WrongType(node, path, "a list");
    }

    private static void RejectControlCharacters(string text, string path, int line, string when)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                // After expansion the character came from a variable, whose value is never shown.
                var which = when.Length == 0 ? $" (U+{(int)c:X4})" : string.Empty;
                throw new ConfigurationException($"contains a control character{when}{which}", path, line);
            }
        }
    }
}
