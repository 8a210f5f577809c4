using System.Text;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Generates hostile Markdown from a fixed seed: fences of every length (backticks and tildes,
/// indented 0-4 spaces, with info strings), every line ending (LF, CR LF, lone CR, NEL, the Unicode
/// line and paragraph separators, VT, FF), NUL and other control characters, headings, links,
/// images, HTML, comments that could close a marker, mentions, autolinks, tables and emphasis.
/// </summary>
internal static class HostileText
{
    private static readonly string[] LineBreaks = ["\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", "\v", "\f"];

    private static readonly string[] Pieces =
    [
        "\0", "\u0001", "\u001b[31m", "\u007f", "\t", "    ", "\u00a0", "\ufeff", "\u200b", "\u202e", "é", "😀", "\ud83d",
        "# ", "## heading", "====", "----", "***", "> ", "- ", "* ", "1. ", "- [ ] ", "| a | b |\n|---|---|",
        "[link](https://evil.test)", "[ref]: https://evil.test", "[ref]", "![img](https://evil.test/x.png)", "<https://evil.test>",
        "https://evil.test/path", "www.evil.test", "evil@evil.test", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "<!--", "-->", "<!-- pipelines-run: 1 bypass -->", "<details>", "</pre>", "&amp;", "&#96;", "&#x60;",
        "@everyone", "@acme/oncall", "#12", "acme/ops#1", "\\", "\\`", "*em*", "_em_", "**strong**", "~~del~~", ":tada:",
        "$$x$$", "[^1]", "{#id}", "```", "~~~",
    ];

    /// <summary>One hostile text; the same <paramref name="random"/> state always gives the same text.</summary>
    public static string Next(Random random, int maxParts = 40)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, maxParts);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    text.Append(Fence(random));
                    break;
                case 1:
                    text.Append(LineBreaks[random.Next(LineBreaks.Length)]);
                    break;
                default:
                    text.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A fence line of any length up to 32, of either character, indented 0-4 spaces, maybe with an info string.</summary>
    public static string Fence(Random random)
    {
        var indent = new string(' ', random.Next(5));
        var fence = new string(random.Next(2) == 0 ? '`' : '~', random.Next(1, 33));
        var info = random.Next(3) switch { 0 => string.Empty, 1 => "text", _ => " html x" };
        return $"{LineBreaks[random.Next(LineBreaks.Length)]}{indent}{fence}{info}{LineBreaks[random.Next(LineBreaks.Length)]}";
    }

    /// <summary>Every fence of every length from 1 to <paramref name="longest"/>, both characters, each on its own line.</summary>
    public static string EveryFence(int longest)
    {
        var text = new StringBuilder();
        for (var length = 1; length <= longest; length++)
        {
            text.Append(new string('`', length)).Append('\n').Append(new string('~', length)).Append("\n# after ").Append(length).Append('\n');
        }

        return text.ToString();
    }
}
