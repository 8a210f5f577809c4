using Pipelines.LiveDeploy.Policy;

namespace Pipelines.Tests.LiveDeploy;

public sealed class RunMarkerTests
{
    [Fact]
    public void A_marker_renders_as_the_documented_hidden_comment_and_reads_back()
    {
        var marker = new RunMarker("123456", "aws", RecordedResult.Red);

        var text = $"{marker.Render()}\n\nmore";

        Assert.Equal("<!-- live-deploy-run: 123456 plugin: aws result: red -->", marker.Render());
        Assert.Equal(marker, RunMarker.Find(text));
        Assert.True(RunMarker.IsWrittenBy(text, "123456", "aws"));
        Assert.False(RunMarker.IsWrittenBy(text, "123456", "gcp"));
        Assert.False(RunMarker.IsWrittenBy(text, "999", "aws"));
    }

    [Theory]
    [InlineData("intro\n{0}")]
    [InlineData(" {0}")]
    [InlineData("> quoted: {0}")]
    public void A_marker_anywhere_but_at_the_start_of_an_entry_does_not_count(string shape)
    {
        var marker = new RunMarker("123456", "aws", RecordedResult.Red).Render();
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, marker);

        Assert.Null(RunMarker.Find(text));
        Assert.False(RunMarker.IsWrittenBy(text, "123456", "aws"));
        Assert.Equal(0, IssueHistory.From([text], "aws", excludeRunId: "other").ConsecutiveReds);
    }

    [Theory]
    [InlineData("run id with spaces", "aws")]
    [InlineData("ok", "AWS")]
    [InlineData("x-->", "aws")]
    public void Values_that_would_not_round_trip_are_refused(string runId, string plugin)
    {
        Assert.Throws<ArgumentException>(() => new RunMarker(runId, plugin, RecordedResult.Green).Render());
    }

    [Fact]
    public void History_counts_consecutive_reds_since_the_last_green_one_result_per_run_and_without_this_run()
    {
        string M(string run, RecordedResult result, string plugin = "aws") => new RunMarker(run, plugin, result).Render();
        var entries = new[]
        {
            M("1", RecordedResult.Red),
            M("2", RecordedResult.Green),
            M("3", RecordedResult.Red),
            M("3", RecordedResult.Red) + " (the same run's demotion comment)",
            M("4", RecordedResult.Red, plugin: "gcp"),
            M("5", RecordedResult.Red),
            M("6", RecordedResult.Red),
        };

        var history = IssueHistory.From(entries, "aws", excludeRunId: "6");

        Assert.Equal([RecordedResult.Red, RecordedResult.Green, RecordedResult.Red, RecordedResult.Red], history.Results);
        Assert.Equal(2, history.ConsecutiveReds);
        Assert.True(history.LastRecordedRed);
    }
}
