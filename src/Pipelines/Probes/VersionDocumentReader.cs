using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Pipelines.Probes;

/// <summary>What a /version body holds at the configured field.</summary>
internal abstract record VersionField
{
    private VersionField()
    {
    }

    public sealed record Found(string Value) : VersionField;

    /// <param name="Actual">What was there instead, already escaped and cut for output.</param>
    /// <param name="ShowsRawValue">True when <paramref name="Actual"/> is the field's value rather than the whole body.</param>
    public sealed record Problem(string Reason, string Actual, bool ShowsRawValue = false) : VersionField;
}

/// <summary>Parses an untrusted /version body and finds the field, failing clearly on anything odd.</summary>
internal sealed class VersionDocumentReader
{
    private const int SnippetBytes = 512;

    private readonly JsonDocumentOptions _options;

    public VersionDocumentReader(int maxDepth)
    {
        _options = new JsonDocumentOptions
        {
            MaxDepth = maxDepth,
            // Two "sha" keys make the answer ambiguous; a reader that silently takes one of them
            // could be shown a different commit than the one that is serving.
            AllowDuplicateProperties = false,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
    }

    public VersionField Read(byte[] body, FieldPath path)
    {
        var json = body.AsMemory();
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new VersionField.Problem("empty body", Snippet(body));
        }

        if (!Utf8.IsValid(json.Span))
        {
            return new VersionField.Problem("body is not valid UTF-8", Snippet(body));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, _options);
        }
        catch (JsonException exception)
        {
            return new VersionField.Problem($"body is not valid JSON ({Printable.Clean(exception.Message, 160)})", Snippet(body));
        }

        using (document)
        {
            return Find(document.RootElement, path, body);
        }
    }

    private static VersionField Find(JsonElement root, FieldPath path, byte[] body)
    {
        var current = root;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                var where = i == 0 ? "the body" : path.Prefix(i - 1);
                return new VersionField.Problem($"JSON has no field {path} ({where} is {Kind(current)}, not an object)", Snippet(body));
            }

            if (!current.TryGetProperty(path.Segments[i], out current))
            {
                return new VersionField.Problem($"JSON has no field {path}", Snippet(body));
            }
        }

        return current.ValueKind == JsonValueKind.String
            ? new VersionField.Found(current.GetString()!)
            : new VersionField.Problem($"{path} is {Kind(current)}, not a string", Printable.Quote(current.GetRawText()), ShowsRawValue: true);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };

    /// <summary>The start of a body, decoded leniently (invalid UTF-8 shows as U+FFFD), escaped and cut.</summary>
    public static string Snippet(byte[] body)
    {
        var quoted = Printable.Quote(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetBytes)));
        return body.Length > Printable.DefaultMaxLength ? $"{quoted} ({body.Length} bytes)" : quoted;
    }
}
