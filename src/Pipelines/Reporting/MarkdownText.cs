using System.Text;

namespace Pipelines.Reporting;

/// <summary>
/// Makes text from probes and servers safe inside a Markdown table cell: no pipes, no line
/// breaks, and no character that would start a link, image, HTML tag, emphasis or mention.
/// </summary>
public static class MarkdownText
{
    private const string Special = "\\`*_{}[]<>()#+-.!|@~&";

    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t')
            {
                builder.Append(' ');
            }
            else if (char.IsControl(c))
            {
                continue;
            }
            else if (Special.Contains(c))
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Code(string text) => $"`{text.Replace("`", string.Empty, StringComparison.Ordinal)}`";
}
