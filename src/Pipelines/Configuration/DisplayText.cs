using System.Globalization;
using System.Text;

namespace Pipelines.Configuration;

/// <summary>
/// Makes text from the file safe to put in a one-line error message: control characters are
/// escaped and long text is cut, so a hostile file cannot forge extra lines or flood the terminal.
/// </summary>
internal static class DisplayText
{
    private const int DefaultMaxLength = 60;

    /// <summary>Paths the user chose: cut only when absurdly long, or the file name at the end would be lost.</summary>
    public const int MaxPathLength = 1024;

    public static string Quote(string text, int maxLength = DefaultMaxLength) => $"'{Clean(text, maxLength)}'";

    public static string Clean(string text, int maxLength = DefaultMaxLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\uFEFF')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
