using System.Buffers;

namespace Pipelines.Probes;

/// <summary>
/// Checks that a staging /version endpoint reports exactly the commit being promoted. The answer
/// is untrusted: its body is read with a size cap, parsed with a depth limit, and shown in
/// messages only escaped and cut. A network failure is retried once; an HTTP status never is
/// (the service answered, and its answer is the result).
/// </summary>
public sealed class VersionVerifier : IVersionVerifier
{
    private const int ReadChunkBytes = 16 * 1024;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly VersionDocumentReader _reader;
    private readonly int _maxBodyBytes;

    public VersionVerifier(HttpClient http, TimeProvider timeProvider, VersionVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= VersionVerifierOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBodyBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxJsonDepth, 1, nameof(options));
        _http = http;
        _time = timeProvider;
        _maxBodyBytes = options.MaxBodyBytes;
        _reader = new VersionDocumentReader(options.MaxJsonDepth);
    }

    public async Task<ProbeResult> VerifyAsync(
        Uri url, string field, string expectedSha, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        ProbeText.RequireHttp(url, nameof(url));
        var path = FieldPath.Parse(field);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedSha);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);

        var started = _time.GetTimestamp();
        var fetch = await FetchAsync(url, requestTimeout, cancellationToken).ConfigureAwait(false);
        var retried = false;
        if (fetch is VersionFetch.NetworkFailure)
        {
            retried = true;
            fetch = await FetchAsync(url, requestTimeout, cancellationToken).ConfigureAwait(false);
        }

        var expected = $"{path} = {Printable.Clean(expectedSha, 80)}";
        var failure = Judge(fetch, path, expectedSha, expected, retried);
        var elapsed = _time.GetElapsedTime(started);
        return failure is null
            ? ProbeResult.Pass(expected, elapsed)
            : ProbeResult.Fail($"{ProbeText.Url(url)}: {failure}", elapsed);
    }

    /// <returns>Null when the answer proves the expected commit; otherwise why not, with expected and actual.</returns>
    private string? Judge(VersionFetch fetch, FieldPath path, string expectedSha, string expected, bool retried)
    {
        switch (fetch)
        {
            case VersionFetch.NetworkFailure network:
                return $"{network.Reason}{(retried ? " (after one retry)" : string.Empty)}; expected {expected}";
            case VersionFetch.TooLarge tooLarge:
                return $"body larger than {ByteText(_maxBodyBytes)} ({tooLarge.Status}); expected JSON with {expected}";
            case VersionFetch.Answered { IsOk: false } answered:
                return $"answered {answered.Status}; expected HTTP 200 with {expected}, actual body {VersionDocumentReader.Snippet(answered.Body)}";
        }

        var body = ((VersionFetch.Answered)fetch).Body;
        var field = _reader.Read(body, path);
        return field switch
        {
            VersionField.Found found when string.Equals(found.Value, expectedSha, StringComparison.Ordinal) => null,
            VersionField.Found found => $"version mismatch; expected {expected}, actual {Printable.Quote(found.Value)}",
            VersionField.Problem problem => $"{problem.Reason}; expected {(problem.ShowsRawValue ? expected : "JSON with " + expected)}, actual {problem.Actual}",
            _ => throw new InvalidOperationException("Unknown version field result."),
        };
    }

    private async Task<VersionFetch> FetchAsync(Uri url, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        // One budget covers the headers and the body, so a trickling body cannot hold the gate.
        using var timeout = new CancellationTokenSource(requestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = ProbeRequest.Get(url);
            using var response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            var status = ProbeText.Status(response);
            var body = await ReadCappedAsync(response.Content, linked.Token).ConfigureAwait(false);
            return body is null
                ? new VersionFetch.TooLarge(status)
                : new VersionFetch.Answered(ProbeText.IsOk(response), status, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new VersionFetch.NetworkFailure(timeout.IsCancellationRequested
                ? $"no complete response within {DurationText.Setting(requestTimeout)}"
                : "connection attempt timed out");
        }
        catch (HttpRequestException exception)
        {
            return new VersionFetch.NetworkFailure(ProbeText.NetworkError(exception));
        }
        catch (IOException)
        {
            return new VersionFetch.NetworkFailure("connection lost while reading the body");
        }
    }

    /// <returns>The body, or null when it is larger than the cap.</returns>
    private async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _maxBodyBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk.AsMemory(0, ReadChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > _maxBodyBytes)
                    {
                        return null;
                    }

                    body.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return body.ToArray();
        }
    }

    private static string ByteText(int bytes) =>
        bytes % VersionVerifierOptions.OneMebibyte == 0 ? $"{bytes / VersionVerifierOptions.OneMebibyte} MiB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";
}
