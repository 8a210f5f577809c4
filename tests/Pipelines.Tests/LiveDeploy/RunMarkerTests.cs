using Pipelines.LiveDeploy.Policy;

namespace Pipelines.Tests.LiveDeploy;

public sealed class RunMarkerTests
{
    [Fact]
    public void A_marker_renders_as_the_documented_hidden_comment_and_reads_back()
    {
        var marker = new RunMarker("123456", "aws", RecordedResult.Red);

        var text = $"intro\n{marker.Render()}\nmore";

        Assert.Equal("<!-- live-deploy-run: 123456 plugin: aws result: red -->", marker.Render());
        Assert.Equal([marker], RunMarker.FindAll(text));
        Assert.True(RunMarker.IsWrittenBy(text, "123456", "aws"));
        Assert.False(RunMarker.IsWrittenBy(text, "123456", "gcp"));
        Assert.False(RunMarker.IsWrittenBy(text, "999", "aws"));
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
