namespace Pipelines.Probes;

/// <summary>A dotted path into a JSON document: <c>sha</c>, <c>build.commit.sha</c>.</summary>
internal sealed class FieldPath
{
    private FieldPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<string> Segments { get; }

    public static FieldPath Parse(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        var segments = field.Split('.');
        if (segments.Any(s => s.Length == 0 || s.Trim().Length != s.Length))
        {
            throw new ArgumentException($"A version field is a dotted path of names such as build.commit.sha, got '{Printable.Clean(field, 80)}'.", nameof(field));
        }

        return new FieldPath(field, segments);
    }

    /// <summary>The path up to and including segment <paramref name="index"/>.</summary>
    public string Prefix(int index) => string.Join('.', Segments.Take(index + 1));

    public override string ToString() => Text;
}
