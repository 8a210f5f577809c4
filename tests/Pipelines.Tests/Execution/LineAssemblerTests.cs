using Pipelines.Execution;

namespace Pipelines.Tests.Execution;

public sealed class LineAssemblerTests
{
    private readonly List<(string Text, bool Truncated)> _lines = [];

    [Fact]
    public void Joins_a_line_split_across_reads()
    {
        var assembler = Create(100);

        assembler.Append("hel");
        assembler.Append("lo\nwor");
        assembler.Append("ld\n");

        Assert.Equal([("hello", false), ("world", false)], _lines);
    }

    [Fact]
    public void Strips_the_carriage_return_of_CRLF_even_across_reads()
    {
        var assembler = Create(100);

        assembler.Append("one\r\ntwo\r");
        assembler.Append("\nthree");
        assembler.Complete();

        Assert.Equal([("one", false), ("two", false), ("three", false)], _lines);
    }

    [Fact]
    public void Keeps_empty_lines_and_emits_a_last_line_without_newline_only_on_completion()
    {
        var assembler = Create(100);

        assembler.Append("\n\nlast");
        Assert.Equal([("", false), ("", false)], _lines);

        assembler.Complete();
        Assert.Equal([("", false), ("", false), ("last", false)], _lines);
    }

    [Fact]
    public void Completion_without_pending_text_emits_nothing()
    {
        var assembler = Create(100);

        assembler.Append("done\n");
        assembler.Complete();

        Assert.Equal([("done", false)], _lines);
    }

    [Fact]
    public void Cuts_a_long_line_at_the_limit_and_marks_it()
    {
        var assembler = Create(5);

        assembler.Append("abc");
        assembler.Append("defgh");
        assembler.Append("ij\nshort\n");

        Assert.Equal([("abcde", true), ("short", false)], _lines);
    }

    [Fact]
    public void A_line_exactly_at_the_limit_is_not_cut_even_with_CRLF()
    {
        var assembler = Create(5);

        assembler.Append("abcde\r");
        assembler.Append("\nvwxyz\n");

        Assert.Equal([("abcde", false), ("vwxyz", false)], _lines);
    }

    [Fact]
    public void A_carriage_return_past_the_limit_inside_a_line_still_counts_as_a_cut()
    {
        var assembler = Create(5);

        assembler.Append("abcde\rx\n");

        Assert.Equal([("abcde", true)], _lines);
    }

    private LineAssembler Create(int maxLength) => new(maxLength, (text, truncated) => _lines.Add((text, truncated)));
}
