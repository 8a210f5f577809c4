using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Configuration;

/// <summary>
/// Sits between YamlDotNet's parser and its representation model and refuses, as the events
/// stream past and before any node is built, what the model would handle badly:
/// <list type="bullet">
/// <item>nesting deeper than <see cref="ConfigurationLimits.MaxDepth"/>: the model builds nodes
/// recursively, so a file of ten thousand <c>[</c> would otherwise overflow the stack and kill
/// the process;</item>
/// <item>aliases (<c>*name</c>): the model shares aliased nodes, so walking a "billion laughs"
/// file visits an exponential number of nodes. A configuration has no use for them, so they are
/// rejected outright (anchors alone are harmless and ignored);</item>
/// <item>duplicate keys, named with their path and both lines (the model would otherwise throw a
/// message that names neither);</item>
/// <item>keys that are not plain text, more than one document, more than
/// <see cref="ConfigurationLimits.MaxNodes"/> nodes.</item>
/// </list>
/// </summary>
internal sealed class GuardedParser(IParser inner) : IParser
{
    private readonly Stack<Frame> _frames = new();
    private int _nodes;
    private int _documents;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The line of the last event read: where to point when the parser fails without a position.</summary>
    public int LastLine { get; private set; }

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        LastLine = Nodes.Line(inner.Current!.End);
        Inspect(inner.Current!);
        return true;
    }

    private void Inspect(ParsingEvent parsingEvent)
    {
        switch (parsingEvent)
        {
            case DocumentStart when ++_documents > 1:
                throw new ConfigurationException(
                    "the file holds more than one YAML document (---); put the whole configuration in one",
                    line: Nodes.Line(parsingEvent.Start));
            case AnchorAlias:
                throw new ConfigurationException(
                    "aliases (*name) are not supported; write the value out in full",
                    NullIfRoot(PendingPath()),
                    Nodes.Line(parsingEvent.Start));
            case Scalar scalar:
                if (!TryTakeKey(scalar))
                {
                    CountNode(parsingEvent);
                    ValueCompleted();
                }

                break;
            case MappingStart or SequenceStart:
                if (_frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectingKey)
                {
                    throw new ConfigurationException(
                        "keys must be plain text, not a mapping or a list",
                        NullIfRoot(parent.Path),
                        Nodes.Line(parsingEvent.Start));
                }

                CountNode(parsingEvent);
                var path = PendingPath();
                if (_frames.Count >= ConfigurationLimits.MaxDepth)
                {
                    throw new ConfigurationException(
                        $"nested more than {ConfigurationLimits.MaxDepth} levels deep",
                        NullIfRoot(KeyPath.Shorten(path)),
                        Nodes.Line(parsingEvent.Start));
                }

                _frames.Push(new Frame(parsingEvent is MappingStart, path));
                break;
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                ValueCompleted();
                break;
        }
    }

    /// <summary>Records a scalar that is a mapping key; false when the scalar is a value.</summary>
    private bool TryTakeKey(Scalar scalar)
    {
        if (!_frames.TryPeek(out var frame) || !frame.IsMapping || !frame.ExpectingKey)
        {
            return false;
        }

        CountNode(scalar);
        var line = Nodes.Line(scalar.Start);
        if (!frame.KeyLines.TryAdd(scalar.Value, line))
        {
            throw new ConfigurationException(
                $"duplicate key (first on line {frame.KeyLines[scalar.Value]})",
                KeyPath.Child(frame.Path, scalar.Value),
                line);
        }

        frame.CurrentKey = scalar.Value;
        frame.ExpectingKey = false;
        return true;
    }

    private void ValueCompleted()
    {
        if (!_frames.TryPeek(out var frame))
        {
            return;
        }

        if (frame.IsMapping)
        {
            frame.ExpectingKey = true;
        }
        else
        {
            frame.Index++;
        }
    }

    /// <summary>The path of the node about to be read.</summary>
    private string PendingPath()
    {
        if (!_frames.TryPeek(out var frame))
        {
            return string.Empty;
        }

        return frame.IsMapping
            ? frame.ExpectingKey ? frame.Path : KeyPath.Child(frame.Path, frame.CurrentKey)
            : KeyPath.Item(frame.Path, frame.Index);
    }

    private void CountNode(ParsingEvent parsingEvent)
    {
        if (++_nodes > ConfigurationLimits.MaxNodes)
        {
            throw new ConfigurationException(
                $"the file holds more than {ConfigurationLimits.MaxNodes} values; that is not a configuration",
                line: Nodes.Line(parsingEvent.Start));
        }
    }

    private static string? NullIfRoot(string path) => path.Length == 0 ? null : path;

    private sealed class Frame(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public bool ExpectingKey { get; set; } = true;

        public string CurrentKey { get; set; } = string.Empty;

        public int Index { get; set; }

        public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);
    }
}
