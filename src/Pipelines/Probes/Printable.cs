using System.Globalization;
using System.Text;

namespace Pipelines.Probes;

/// <summary>
/// Makes text from an untrusted source (a staging response, a reason phrase) safe to show in one
/// line of output: control, format and line-separator characters are escaped rather than emitted,
/// so a response cannot forge log lines or smuggle terminal escape sequences, and long text is cut.
/// Escaping instead of deleting keeps "abc\n" visibly different from "abc" in a mismatch message.
/// </summary>
internal static class Printable
{
    public const int DefaultMaxLength = 100;

    /// <summary>The text in double quotes, escaped and cut to <paramref name="maxLength"/> characters.</summary>
    public static string Quote(string text, int maxLength = DefaultMaxLength) => "\"" + Escape(text, maxLength, quoted: true) + "\"";

    /// <summary>The text escaped and cut, without quotes (for short phrases such as a reason phrase).</summary>
    public static string Clean(string text, int maxLength = DefaultMaxLength) => Escape(text, maxLength, quoted: false);

    private static string Escape(string text, int maxLength, bool quoted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var cut = text.Length > maxLength ? maxLength : text.Length;
        if (cut < text.Length && cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        var builder = new StringBuilder(cut + 16);
        for (var i = 0; i < cut; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\\' when quoted: builder.Append("\\\\"); break;
                case '"' when quoted: builder.Append("\\\""); break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (cut < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
