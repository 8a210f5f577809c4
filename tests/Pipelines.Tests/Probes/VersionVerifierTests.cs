using System.Text;
using Pipelines.Probes;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Probes;

/// <summary>The version check against a real staging server on 127.0.0.1.</summary>
public sealed class VersionVerifierTests : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string OtherSha = "89abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = ProbeHttpClientFactory.Create();
    private StagingServer _staging = null!;

    public async Task InitializeAsync() => _staging = await StagingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _staging.DisposeAsync();
    }

    [Fact]
    public async Task Passes_when_the_field_is_exactly_the_expected_sha()
    {
        _staging.Version.Respond(StagingResponse.Version(Sha));

        var result = await Verify();

        Assert.True(result.Passed, result.Detail);
        Assert.Equal($"sha = {Sha}", result.Detail);
        Assert.Equal(1, _staging.Version.Requests);
    }

    [Fact]
    public async Task A_mismatch_shows_expected_and_actual()
    {
        _staging.Version.Respond(StagingResponse.Version(OtherSha));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Equal($"{_staging.VersionUrl}: version mismatch; expected sha = {Sha}, actual \"{OtherSha}\"", result.Detail);
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567")]
    [InlineData("0123456789abcdef0123456789abcdef01234567 ")]
    [InlineData("0123456789abc")]
    public async Task Only_an_exact_match_passes(string reported)
    {
        _staging.Version.Respond(StagingResponse.Version(reported));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains("version mismatch", result.Detail);
    }

    [Fact]
    public async Task Finds_a_nested_field_by_its_dotted_path()
    {
        _staging.Version.Respond(StagingResponse.Version(Sha, "build.commit.sha"));

        var result = await Verify(field: "build.commit.sha");

        Assert.True(result.Passed, result.Detail);
        Assert.Equal($"build.commit.sha = {Sha}", result.Detail);
    }

    [Fact]
    public async Task A_missing_field_fails_naming_the_field_and_showing_the_body()
    {
        _staging.Version.Respond(StagingResponse.Json("""{"commit":"abc"}"""));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Equal(
            $"{_staging.VersionUrl}: JSON has no field sha; expected JSON with sha = {Sha}, actual \"{{\\\"commit\\\":\\\"abc\\\"}}\"",
            result.Detail);
    }

    [Fact]
    public async Task A_nested_path_through_a_non_object_fails_saying_where()
    {
        _staging.Version.Respond(StagingResponse.Json("""{"build":"v1.2"}"""));

        var result = await Verify(field: "build.commit.sha");

        Assert.False(result.Passed);
        Assert.Contains("JSON has no field build.commit.sha (build is a string, not an object)", result.Detail);
    }

    [Theory]
    [InlineData("""{"sha":12345}""", "sha is a number, not a string", "\"12345\"")]
    [InlineData("""{"sha":null}""", "sha is null, not a string", "\"null\"")]
    [InlineData("""{"sha":true}""", "sha is a boolean, not a string", "\"true\"")]
    [InlineData("""{"sha":["0123"]}""", "sha is an array, not a string", "\"[\\\"0123\\\"]\"")]
    [InlineData("""{"sha":{"id":"x"}}""", "sha is an object, not a string", "\"{\\\"id\\\":\\\"x\\\"}\"")]
    public async Task A_field_that_is_not_a_string_fails_showing_its_value(string body, string reason, string actual)
    {
        _staging.Version.Respond(StagingResponse.Json(body));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Equal($"{_staging.VersionUrl}: {reason}; expected sha = {Sha}, actual {actual}", result.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public async Task An_empty_body_fails(string body)
    {
        _staging.Version.Respond(StagingResponse.Json(body));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.StartsWith($"{_staging.VersionUrl}: empty body; expected JSON with sha = {Sha}, actual ", result.Detail);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"sha":""")]
    [InlineData("""{"sha":"x",}""")]
    [InlineData("""{"sha":"x"} trailing""")]
    public async Task A_body_that_is_not_json_fails_showing_the_body(string body)
    {
        _staging.Version.Respond(StagingResponse.Json(body));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains(": body is not valid JSON (", result.Detail);
        Assert.Contains($"expected JSON with sha = {Sha}, actual \"", result.Detail);
    }

    [Fact]
    public async Task A_non_200_status_fails_without_a_retry_and_shows_the_status()
    {
        _staging.Version.RespondInOrder(StagingResponse.Text(500, "boom"), StagingResponse.Version(Sha));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Equal(
            $"{_staging.VersionUrl}: answered HTTP 500 Internal Server Error; expected HTTP 200 with sha = {Sha}, actual body \"boom\"",
            result.Detail);
        Assert.Equal(1, _staging.Version.Requests);
    }

    [Fact]
    public async Task A_200_with_the_right_field_but_another_status_code_still_fails()
    {
        _staging.Version.Respond(StagingResponse.Json($$"""{"sha":"{{Sha}}"}""", status: 203));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains("answered HTTP 203", result.Detail);
    }

    [Fact]
    public async Task A_network_error_is_retried_once()
    {
        _staging.Version.RespondInOrder(StagingResponse.Drop(), StagingResponse.Version(Sha));

        var result = await Verify();

        Assert.True(result.Passed, result.Detail);
        Assert.Equal(2, _staging.Version.Requests);
    }

    [Fact]
    public async Task A_network_error_is_retried_only_once()
    {
        _staging.Version.RespondInOrder(StagingResponse.Drop(), StagingResponse.Drop(), StagingResponse.Version(Sha));

        var result = await Verify();

        Assert.False(result.Passed);
        // Kestrel's abort reaches the client as a reset or as a premature end, depending on timing.
        Assert.Matches(
            $@"^{_staging.VersionUrl}: (connection reset|connection closed before a complete response) \(after one retry\); expected sha = {Sha}$",
            result.Detail);
        Assert.Equal(2, _staging.Version.Requests);
    }

    [Fact]
    public async Task A_slow_answer_is_cut_at_the_request_timeout_and_retried_once()
    {
        _staging.Version.Respond(StagingResponse.Version(Sha).WithDelay(TimeSpan.FromSeconds(30)));

        var result = await Verify(requestTimeout: TimeSpan.FromMilliseconds(200));

        Assert.False(result.Passed);
        Assert.Contains("no complete response within 200ms (after one retry)", result.Detail);
        Assert.Equal(2, _staging.Version.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_larger_than_the_cap_fails_whether_or_not_its_length_is_declared(bool declareLength)
    {
        _staging.Version.Respond(StagingResponse.Huge(64L * 1024 * 1024, declareLength));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains(": body larger than 1 MiB (HTTP 200 OK); expected JSON with sha = ", result.Detail);
        Assert.Equal(1, _staging.Version.Requests);
    }

    [Fact]
    public async Task A_body_just_under_the_cap_is_read()
    {
        var padding = new string(' ', VersionVerifierOptions.OneMebibyte - 100);
        _staging.Version.Respond(StagingResponse.Json($$"""{"sha":"{{Sha}}"}""" + padding));

        var result = await Verify();

        Assert.True(result.Passed, result.Detail);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_fails_as_invalid_json()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        _staging.Version.Respond(StagingResponse.Json(deep));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains("body is not valid JSON (", result.Detail);
        Assert.Contains("depth of 64", result.Detail);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_fails_and_is_shown_with_replacement_characters()
    {
        var latin1 = Encoding.Latin1.GetBytes("{\"sha\":\"caf\u00e9\"}");
        _staging.Version.Respond(StagingResponse.Bytes(latin1));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Equal(
            $"{_staging.VersionUrl}: body is not valid UTF-8; expected JSON with sha = {Sha}, actual \"{{\\\"sha\\\":\\\"caf\ufffd\\\"}}\"",
            result.Detail);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_accepted()
    {
        _staging.Version.Respond(StagingResponse.Bytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes($$"""{"sha":"{{Sha}}"}""")]));

        var result = await Verify();

        Assert.True(result.Passed, result.Detail);
    }

    [Fact]
    public async Task Duplicate_keys_are_refused_as_ambiguous()
    {
        _staging.Version.Respond(StagingResponse.Json($$"""{"sha":"{{OtherSha}}","sha":"{{Sha}}"}"""));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.Contains("body is not valid JSON (", result.Detail);
    }

    [Fact]
    public async Task Control_characters_in_the_actual_value_are_escaped_not_printed()
    {
        _staging.Version.Respond(StagingResponse.Version(Sha + "\n\u001b[31mPROMOTED\u001b[0m\r\u2028"));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.DoesNotContain(result.Detail, c => char.IsControl(c) || c == '\u2028');
        Assert.EndsWith($"actual \"{Sha}\\n\\u001b[31mPROMOTED\\u001b[0m\\r\\u2028\"", result.Detail);
    }

    [Fact]
    public async Task A_long_actual_value_is_cut()
    {
        _staging.Version.Respond(StagingResponse.Version(new string('f', 5000)));

        var result = await Verify();

        Assert.False(result.Passed);
        Assert.EndsWith($"actual \"{new string('f', 100)}…\"", result.Detail);
    }

    [Fact]
    public async Task Follows_a_redirect_to_the_version_document()
    {
        _staging.Version.RespondInOrder(StagingResponse.Redirect("/version?moved=1"), StagingResponse.Version(Sha));

        var result = await Verify();

        Assert.True(result.Passed, result.Detail);
        Assert.Equal("/version?moved=1", _staging.Version.Received[1].PathAndQuery);
    }

    [Theory]
    [InlineData("")]
    [InlineData("build..sha")]
    [InlineData(".sha")]
    public async Task Refuses_a_malformed_field_path_before_any_request(string field)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Verify(field: field));

        Assert.Equal(0, _staging.Version.Requests);
    }

    private Task<Pipelines.Probes.ProbeResult> Verify(string field = "sha", TimeSpan? requestTimeout = null) =>
        new VersionVerifier(_http, TimeProvider.System)
            .VerifyAsync(_staging.VersionUrl, field, Sha, requestTimeout ?? RequestTimeout, CancellationToken.None);
}
