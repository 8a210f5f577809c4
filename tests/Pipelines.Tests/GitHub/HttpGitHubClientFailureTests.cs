using System.Net;
using System.Net.Http.Headers;
using Pipelines.GitHub;

namespace Pipelines.Tests.GitHub;

/// <summary>Answers the client must refuse: too large, malformed, the wrong shape; and what its errors may say.</summary>
public sealed class HttpGitHubClientFailureTests : IDisposable
{
    private readonly TestClients _clients = new();

    private IGitHubClient Client => _clients.Client;

    private ScriptedHandler Handler => _clients.Handler;

    private static RepositoryId Repo => TestClients.Repo;

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_body_declared_larger_than_the_cap_is_refused()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), MaxResponseBytes = 1024 });
        clients.Handler.Respond(HttpStatusCode.OK, TestClients.RefJson("prod", TestClients.Sha1) + new string(' ', 2000));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => clients.RunAsync(clients.Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Contains("response too large", error.Message);
        Assert.Single(clients.Handler.Requests);
    }

    [Fact]
    public async Task A_streamed_body_without_length_is_cut_at_the_cap()
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), MaxResponseBytes = 64 * 1024 });
        var stream = new EndlessStream();
        clients.Handler.Respond(HttpStatusCode.OK, new StreamContent(stream) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => clients.RunAsync(clients.Client.ListIssueCommentsAsync(Repo, 1)));

        Assert.Contains("response too large", error.Message);
        Assert.InRange(stream.BytesRead, 64 * 1024, 128 * 1024);
    }

    [Theory]
    [InlineData("{\"ref\":\"refs/heads/prod\",\"object\":{\"sha\":")]
    [InlineData("<html>Unicorn!</html>")]
    [InlineData("")]
    public async Task Malformed_json_is_an_api_error_not_a_crash(string body)
    {
        Handler.Respond(HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Equal(HttpStatusCode.OK, error.Status);
        Assert.Contains("JSON", error.Message);
    }

    [Theory]
    [InlineData("""{"unexpected":[1,2,3]}""")]
    [InlineData("""{"ref":"refs/heads/prod","object":null}""")]
    [InlineData("""{"ref":"refs/heads/prod","object":{"sha":null}}""")]
    [InlineData("""{"ref":"refs/heads/prod","object":{"sha":42}}""")]
    [InlineData("""[{"ref":"refs/heads/prod"}]""")]
    [InlineData("null")]
    public async Task A_200_with_the_wrong_shape_is_an_api_error(string body)
    {
        Handler.Respond(HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.GetBranchHeadAsync(Repo, "prod")));

        Assert.Equal(HttpStatusCode.OK, error.Status);
    }

    [Theory]
    [InlineData("""{"status":"ahead"}""")]
    [InlineData("""{"status":"ahead","ahead_by":"three","behind_by":0}""")]
    [InlineData("""[]""")]
    public async Task Compare_with_the_wrong_shape_is_an_api_error(string body)
    {
        Handler.Respond(HttpStatusCode.OK, body);

        await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.CompareAsync(Repo, "main", "prod")));
    }

    [Fact]
    public async Task A_list_endpoint_answering_an_object_is_an_api_error()
    {
        Handler.Respond(HttpStatusCode.OK, """{"message":"not a list"}""");

        await Assert.ThrowsAsync<GitHubApiException>(() => _clients.RunAsync(Client.ListIssueCommentsAsync(Repo, 1)));
    }

    [Fact]
    public async Task Error_messages_come_from_githubs_message_field_without_control_characters()
    {
        Handler.Respond(HttpStatusCode.UnprocessableEntity, "{\"message\":\"Update is not a fast forward\\r\\n::error::forged\"}");

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Client.UpdateBranchAsync(Repo, "prod", TestClients.Sha1, force: false));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.StartsWith("Update is not a fast forward", error.ApiMessage);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
    }

    public static TheoryData<string> FailureKinds =>
    [
        "500", "401", "403-permission", "403-rate-limit", "404-compare", "422-write", "network", "timeout", "too-large", "malformed", "wrong-shape", "echoed-token",
    ];

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public async Task The_token_never_appears_in_an_exception(string kind)
    {
        using var clients = new TestClients(new GitHubClientOptions { ApiUrl = new Uri("https://api.github.test/"), RequestTimeout = TimeSpan.FromSeconds(45) });
        var client = clients.Client;
        var handler = clients.Handler;
        var echo = $$"""{"message":"token {{TestClients.TokenValue}} is not valid"}""";
        Func<Task> call = () => client.GetBranchHeadAsync(Repo, "prod");
        switch (kind)
        {
            case "500": handler.RespondRepeatedly(4, HttpStatusCode.InternalServerError, echo); break;
            case "401": handler.Respond(HttpStatusCode.Unauthorized, """{"message":"Bad credentials"}"""); break;
            case "403-permission": handler.Respond(HttpStatusCode.Forbidden, """{"message":"Resource not accessible"}"""); break;
            case "403-rate-limit": handler.RespondRepeatedly(4, HttpStatusCode.Forbidden, echo, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "0")); break;
            case "404-compare": handler.Respond(HttpStatusCode.NotFound, echo); call = () => client.CompareAsync(Repo, "a", "b"); break;
            case "422-write": handler.Respond(HttpStatusCode.UnprocessableEntity, echo); call = () => client.CreateBranchAsync(Repo, "prod", TestClients.Sha1); break;
            case "network": for (var i = 0; i < 4; i++) { handler.Throw(new HttpRequestException("connection refused")); } break;
            case "timeout": for (var i = 0; i < 4; i++) { handler.Hang(); } break;
            case "too-large": handler.Respond(HttpStatusCode.OK, new string('x', 5 * 1024 * 1024)); break;
            case "malformed": handler.Respond(HttpStatusCode.OK, "{\"ref\":"); break;
            case "wrong-shape": handler.Respond(HttpStatusCode.OK, echo); break;
            case "echoed-token": handler.Respond(HttpStatusCode.BadRequest, echo); break;
        }

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => clients.RunAsync(call(), advanceTimeouts: kind == "timeout"));

        Assert.DoesNotContain(TestClients.TokenValue, error.ToString());
        Assert.DoesNotContain(TestClients.TokenValue, error.ApiMessage);
        Assert.DoesNotContain("Bearer", error.ToString());
    }

    [Fact]
    public void A_token_that_cannot_be_a_header_value_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<ArgumentException>(() => _clients.Factory.Create(new Pipelines.Security.Secret("PUSH_TOKEN", "ghp_abc\r\nX-Evil: 1")));

        Assert.Contains("PUSH_TOKEN", error.Message);
        Assert.DoesNotContain("ghp_abc", error.Message);
    }

    /// <summary>A body that never ends, counting what the client read.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
