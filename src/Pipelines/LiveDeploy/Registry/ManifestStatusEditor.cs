using System.Text;
using System.Text.Json;
using Pipelines.LiveDeploy.Policy;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>
/// Reads and changes the top-level <c>"status"</c> of a registry manifest by editing the value's
/// text in place: indentation, key order, line endings and every other byte stay as the
/// maintainers wrote them, so the pull request's diff is one line.
/// </summary>
public static class ManifestStatusEditor
{
    public static PluginStatus ReadStatus(string manifestJson) =>
        Locate(manifestJson) is { } found ? PluginStatusText.Parse(found.Value) : PluginStatus.Unknown;

    /// <exception cref="FormatException">The text is not a JSON object with a string <c>status</c>.</exception>
    public static string WithStatus(string manifestJson, PluginStatus status)
    {
        if (status == PluginStatus.Unknown)
        {
            throw new ArgumentException("a manifest cannot be given an unknown status", nameof(status));
        }

        var found = Locate(manifestJson) ?? throw new FormatException("the manifest has no top-level string \"status\"");
        var bytes = Encoding.UTF8.GetBytes(manifestJson);
        var replacement = Encoding.UTF8.GetBytes($"\"{status.Word()}\"");
        var edited = new byte[bytes.Length - found.Length + replacement.Length];
        bytes.AsSpan(0, found.Start).CopyTo(edited);
        replacement.CopyTo(edited.AsSpan(found.Start));
        bytes.AsSpan(found.Start + found.Length).CopyTo(edited.AsSpan(found.Start + replacement.Length));
        return Encoding.UTF8.GetString(edited);
    }

    private sealed record Found(int Start, int Length, string? Value);

    // Byte offsets of the whole string token (quotes included) of the top-level "status".
    private static Found? Locate(string manifestJson)
    {
        var bytes = Encoding.UTF8.GetBytes(manifestJson);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            Found? found = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isStatus = reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("status");
                reader.Read();
                if (isStatus && reader.TokenType == JsonTokenType.String)
                {
                    // Token start is the opening quote; the raw (still escaped) value sits between the quotes.
                    found = new Found(start + (int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, reader.GetString());
                }

                reader.TrySkip();
            }

            return found;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
