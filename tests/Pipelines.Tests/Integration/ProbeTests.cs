using System.Net;
using System.Net.Sockets;
using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.Staging;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>Health and version probes against real loopback staging servers.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Health_that_turns_200_after_several_503s_lets_the_promotion_through()
    {
        await using var world = await GitHubWorld.StartAsync();
        world["backend"].Staging.BecomeHealthyAfter(3);

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(4, world["backend"].Staging.Health.Requests);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }

    [Fact]
    public async Task Health_that_never_turns_200_times_out_naming_the_url_elapsed_time_and_last_status()
    {
        await using var world = await GitHubWorld.StartAsync();
        var staging = world["metadata"].Staging;
        staging.Health.Respond(StagingResponse.Text(503, "starting"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var health = Assert.Single(run.Stages(StageNames.PollHealth), s => s.Repo == "metadata");
        Assert.Equal(StageStatus.Failed, health.Status);
        Assert.Contains(staging.HealthUrl.Authority, health.Detail, StringComparison.Ordinal);
        Assert.Contains("503", health.Detail, StringComparison.Ordinal);
        Assert.Matches(@"\d+(\.\d+)?\s?m?s", health.Detail);
        Assert.True(staging.Health.Requests > 1, "polled more than once");
        AssertNothingPushed(world);
    }

    [Fact]
    public async Task Connection_refused_counts_as_not_ready_until_the_timeout()
    {
        await using var world = await GitHubWorld.StartAsync();
        var closed = $"http://127.0.0.1:{UnusedPort()}/healthcheck";
        world.Config = world.Config.WithRepo("backend", r => r with { Health = closed });

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var health = Assert.Single(run.Stages(StageNames.PollHealth), s => s.Repo == "backend");
        Assert.Equal(StageStatus.Failed, health.Status);
        Assert.Contains("refused", health.Detail, StringComparison.OrdinalIgnoreCase);
        AssertNothingPushed(world);
    }

    [Fact]
    public async Task A_version_that_is_not_main_blocks_showing_expected_and_actual()
    {
        await using var world = await GitHubWorld.StartAsync();
        var backend = world["backend"];
        backend.Staging.Version.Respond(StagingResponse.Version(backend.OriginalProd!));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var version = Assert.Single(run.Stages(StageNames.VerifyVersion), s => s.Repo == "backend");
        Assert.Equal(StageStatus.Failed, version.Status);
        Assert.Contains(backend.Main, version.Detail, StringComparison.Ordinal);
        Assert.Contains(backend.OriginalProd!, version.Detail, StringComparison.Ordinal);
        AssertNothingPushed(world);
    }

    public static TheoryData<string, string> BadVersionBodies => new()
    {
        { "empty body", "" },
        { "bad JSON", "{\"sha\": \"abc" },
        { "missing field", "{\"commit\":\"0123\"}" },
    };

    [Theory]
    [MemberData(nameof(BadVersionBodies))]
    public async Task A_version_body_that_cannot_prove_the_commit_blocks(string why, string body)
    {
        await using var world = await GitHubWorld.StartAsync();
        world["metadata"].Staging.Version.Respond(StagingResponse.Json(body));

        var run = await world.PromoteAsync();

        Assert.True(run.ExitCode == ExitCodes.Failure, why);
        var version = Assert.Single(run.Stages(StageNames.VerifyVersion), s => s.Repo == "metadata");
        Assert.Equal(StageStatus.Failed, version.Status);
        Assert.Contains(world["metadata"].Main, version.Detail, StringComparison.Ordinal);
        AssertNothingPushed(world);
    }

    [Fact]
    public async Task A_nested_version_field_is_followed_by_its_dotted_path()
    {
        await using var world = await GitHubWorld.StartAsync();
        var backend = world["backend"];
        backend.Staging.Version.Respond(StagingResponse.Version(backend.Main, "build.git.commit"));
        world.Config = world.Config.WithRepo("backend", r => r with { VersionField = "build.git.commit" });

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(backend.Main, backend.Prod);
    }

    [Fact]
    public async Task A_version_request_dropped_once_is_retried_once()
    {
        await using var world = await GitHubWorld.StartAsync();
        var backend = world["backend"];
        backend.Staging.Version.RespondInOrder(StagingResponse.Drop(), StagingResponse.Version(backend.Main));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, backend.Staging.Version.Requests);
    }

    [Fact]
    public async Task A_version_that_answers_an_error_status_is_not_retried()
    {
        await using var world = await GitHubWorld.StartAsync();
        var backend = world["backend"];
        backend.Staging.Version.RespondInOrder(StagingResponse.Text(503, "busy"), StagingResponse.Version(backend.Main));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(1, backend.Staging.Version.Requests);
        Assert.Contains("503", Assert.Single(run.Stages(StageNames.VerifyVersion), s => s.Repo == "backend").Detail, StringComparison.Ordinal);
        AssertNothingPushed(world);
    }

    private static void AssertNothingPushed(GitHubWorld world)
    {
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
