using Pipelines.Execution;
using Pipelines.Security;

namespace Pipelines.Tests.Execution;

public sealed class OutputCollectorTests
{
    private static readonly Secret Token = new("PUSH_TOKEN", "ghp_abcdefghij");

    [Fact]
    public void Keeps_the_last_lines_of_both_streams_in_arrival_order()
    {
        using var collector = new OutputCollector(3, SecretRedactor.None, null);

        collector.Publish(OutputStream.StandardOutput, "1", false);
        collector.Publish(OutputStream.StandardError, "2", false);
        collector.Publish(OutputStream.StandardOutput, "3", false);
        collector.Publish(OutputStream.StandardError, "4", false);

        Assert.Equal(["2", "3", "4"], collector.Close());
    }

    [Fact]
    public void A_tail_of_zero_keeps_nothing_but_still_streams()
    {
        var streamed = new List<OutputLine>();
        using var collector = new OutputCollector(0, SecretRedactor.None, streamed.Add);

        collector.Publish(OutputStream.StandardOutput, "1", false);

        Assert.Empty(collector.Close());
        Assert.Equal([new OutputLine(OutputStream.StandardOutput, "1")], streamed);
    }

    [Fact]
    public void Redacts_before_streaming_and_keeping()
    {
        var streamed = new List<OutputLine>();
        using var collector = new OutputCollector(10, new SecretRedactor([Token]), streamed.Add);

        collector.Publish(OutputStream.StandardError, $"token={Token.Reveal()}", false);

        Assert.Equal([new OutputLine(OutputStream.StandardError, "token=***")], streamed);
        Assert.Equal(["token=***"], collector.Close());
    }

    [Fact]
    public void Masks_the_start_of_a_secret_that_a_cut_left_at_the_end_of_a_line()
    {
        using var collector = new OutputCollector(10, new SecretRedactor([Token]), null);

        collector.Publish(OutputStream.StandardOutput, "header ghp_abc", true);
        collector.Publish(OutputStream.StandardOutput, "header ghp_abc", false);

        Assert.Equal(["header ***" + OutputCollector.TruncationMarker, "header ghp_abc"], collector.Close());
    }

    [Fact]
    public void A_throwing_callback_is_remembered_signalled_and_not_called_again()
    {
        var calls = 0;
        var failure = new InvalidOperationException("observer broke");
        using var collector = new OutputCollector(10, SecretRedactor.None, _ =>
        {
            calls++;
            throw failure;
        });

        collector.Publish(OutputStream.StandardOutput, "1", false);
        collector.Publish(OutputStream.StandardOutput, "2", false);

        Assert.Equal(1, calls);
        Assert.Same(failure, collector.CallbackFailure);
        Assert.True(collector.Failed.IsCancellationRequested);
        Assert.Equal(["1", "2"], collector.Close());
    }

    [Fact]
    public void Lines_after_closing_are_dropped()
    {
        var streamed = new List<OutputLine>();
        using var collector = new OutputCollector(10, SecretRedactor.None, streamed.Add);
        collector.Publish(OutputStream.StandardOutput, "before", false);

        var tail = collector.Close();
        collector.Publish(OutputStream.StandardOutput, "late", false);

        Assert.Equal(["before"], tail);
        Assert.Single(streamed);
    }
}
