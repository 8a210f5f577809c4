using System.Text;

namespace Pipelines.Reporting;

/// <summary>
/// Makes text from probes, servers and dispatch inputs inert in Markdown that GitHub renders
/// (CommonMark plus GFM): no pipes, no line breaks, and no character that would start a link,
/// an autolink, an image, an HTML tag, emphasis or a mention. Links the product writes itself go
/// through <see cref="Link"/> and <see cref="Autolink"/>, which keep them clickable.
/// </summary>
public static class MarkdownText
{
    // ':' and '.' so that neither "https://" nor "www." starts a GFM extended autolink.
    private const string Special = "\\`*_{}[]<>()#+-.!|@~&:";

    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsLineBreak(c) || c == '\t')
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

    /// <summary>
    /// A code span on one line whatever <paramref name="text"/> holds: backticks and control
    /// characters dropped, every kind of line break a space (a code span that reaches a blank line
    /// ends, and what follows is Markdown again), pipes escaped (GFM splits table cells on them
    /// even inside code).
    /// </summary>
    public static string Code(string text)
    {
        var builder = new StringBuilder(text.Length + 4).Append('`');
        foreach (var c in text)
        {
            if (IsLineBreak(c) || c == '\t')
            {
                builder.Append(' ');
            }
            else if (c == '|')
            {
                builder.Append("\\|");
            }
            else if (c != '`' && !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.Append('`').ToString();
    }

    /// <summary><c>[label](url)</c> for an absolute http(s) URL the product wrote; anything else is plain text.</summary>
    public static string Link(string label, string? url) =>
        SafeUrl(url) is { } safe ? $"[{Cell(label)}]({safe})" : Cell(label);

    /// <summary><c>&lt;url&gt;</c> for an absolute http(s) URL the product wrote; anything else is escaped text.</summary>
    public static string Autolink(string? url) => SafeUrl(url) is { } safe ? $"<{safe}>" : Cell(url);

    private static string? SafeUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var absolute = uri.AbsoluteUri;
        return absolute.Any(c => c <= ' ' || c >= '\u007f' || c is '<' or '>' or '(' or ')' or '\\' or '`' or '"' or '[' or ']') ? null : absolute;
    }

    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' or '\v' or '\f';
}
