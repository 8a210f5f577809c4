using Pipelines.Probes;

namespace Pipelines.Tests.Probes;

public sealed class PrintableTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\nb\rc\td", "\"a\\nb\\rc\\td\"")]
    [InlineData("\u001b[2J", "\"\\u001b[2J\"")]
    [InlineData("nul\0", "\"nul\\u0000\"")]
    [InlineData("line\u2028sep\u2029", "\"line\\u2028sep\\u2029\"")]
    [InlineData("rtl\u202eevil", "\"rtl\\u202eevil\"")]
    [InlineData("say \"hi\" \\", "\"say \\\"hi\\\" \\\\\"")]
    [InlineData("café ☕", "\"café ☕\"")]
    public void Quotes_text_with_every_invisible_or_line_breaking_character_escaped(string text, string expected)
    {
        Assert.Equal(expected, Printable.Quote(text));
    }

    [Fact]
    public void Cuts_long_text_and_marks_the_cut()
    {
        Assert.Equal("\"abcde…\"", Printable.Quote("abcdefghij", maxLength: 5));
    }

    [Fact]
    public void Never_cuts_a_surrogate_pair_in_half()
    {
        var text = "abcd\U0001F600xyz";

        Assert.Equal("\"abcd…\"", Printable.Quote(text, maxLength: 5));
        Assert.Equal("\"abcd\U0001F600…\"", Printable.Quote(text, maxLength: 6));
    }

    [Fact]
    public void Escapes_a_lone_surrogate()
    {
        Assert.Equal("\"a\\ud800b\"", Printable.Quote("a\ud800b"));
    }

    [Fact]
    public void Clean_escapes_without_quoting()
    {
        Assert.Equal("Service \"Unavailable\"\\r\\n", Printable.Clean("Service \"Unavailable\"\r\n"));
    }
}
