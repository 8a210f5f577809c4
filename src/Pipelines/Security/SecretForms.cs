using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipelines.Security;

/// <summary>
/// The shapes a secret value takes in output besides itself. Output is handled line by line (a
/// check's stdout, a log, the Actions runner's masker), so a multi-line value (a PEM key, a
/// service-account JSON) is only masked if each of its lines is a value of its own; and tools
/// re-encode what they print (<c>base64</c>, <c>jq</c>, a JSON report), so those encodings of
/// the whole value are values too.
/// </summary>
public static class SecretForms
{
    private static readonly char[] LineBreaks = ['\r', '\n'];

    /// <summary>
    /// The value, each of its lines (as is and without surrounding blanks, for re-indented JSON),
    /// the base64 of its UTF-8 bytes and its JSON string forms (without the quotes); only the
    /// forms at least <see cref="SecretRedactor.MinimumLength"/> characters long.
    /// </summary>
    public static IEnumerable<string> Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return [];
        }

        var forms = new List<string> { value };
        if (value.IndexOfAny(LineBreaks) >= 0)
        {
            foreach (var line in value.Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
            {
                forms.Add(line);
                forms.Add(line.Trim());
            }
        }

        forms.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
        forms.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
        forms.Add(JsonEncodedText.Encode(value).Value);
        return forms.Where(f => f.Length >= SecretRedactor.MinimumLength).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The forms that fit on one line: what a line-based masker (the Actions runner) can match.</summary>
    public static IEnumerable<string> SingleLine(string value) => Of(value).Where(f => f.IndexOfAny(LineBreaks) < 0);
}
