using System.Text;
using System.Text.Json;
using Pipelines.Probes;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Generated /version answers (fixed seed) from a real staging server: mutations of a good
/// document, random bytes, invalid UTF-8, deep nesting, wrong types, duplicate keys, huge bodies.
/// The verifier never throws, passes exactly when an independent reading finds the expected SHA
/// as the field's string value, and every failure message is one bounded, printable line.
/// </summary>
public sealed class HostileVersionBodyTests : IAsyncLifetime
{
    private const string Expected = "0123456789abcdef0123456789abcdef01234567";
    private const int Cases = 400;

    private readonly HttpClient _http = ProbeHttpClientFactory.Create();
    private StagingServer _staging = null!;

    public async Task InitializeAsync() => _staging = await StagingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _staging.DisposeAsync();
    }

    [Fact]
    public async Task Generated_version_bodies_pass_exactly_when_they_report_the_expected_sha()
    {
        var random = new Random(9_001);
        var verifier = new VersionVerifier(_http, TimeProvider.System);
        var passed = 0;
        for (var i = 0; i < Cases; i++)
        {
            var body = Body(random, i);
            _staging.Version.Respond(StagingResponse.Bytes(body));

            var result = await verifier.VerifyAsync(_staging.VersionUrl, "sha", Expected, TimeSpan.FromSeconds(10), CancellationToken.None);

            var shown = Convert.ToBase64String(body.AsSpan(0, Math.Min(body.Length, 200)));
            Assert.True(result.Passed == Reports(body), $"case {i}: passed={result.Passed} for body (base64) {shown}: {result.Detail}");
            passed += result.Passed ? 1 : 0;
            if (!result.Passed)
            {
                Assert.True(result.Detail.Length < 1_500, $"case {i}: a {result.Detail.Length}-character message");
                Assert.DoesNotContain(result.Detail, char.IsControl);
                Assert.Contains(Expected, result.Detail, StringComparison.Ordinal);
            }
        }

        Assert.InRange(passed, Cases / 20, Cases - (Cases / 20));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_hundreds_of_mebibytes_fails_at_the_cap(bool declareLength)
    {
        _staging.Version.Respond(StagingResponse.Huge(512L * 1024 * 1024, declareLength));
        var verifier = new VersionVerifier(_http, TimeProvider.System);

        var result = await verifier.VerifyAsync(_staging.VersionUrl, "sha", Expected, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("larger than 1 MiB", result.Detail, StringComparison.Ordinal);
        Assert.True(_staging.Version.Requests == 1, "an HTTP answer is not retried");
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), $"took {result.Elapsed}: read far past the cap");
    }

    [Fact]
    public async Task A_healthcheck_answering_200_with_a_gibibyte_body_passes_without_reading_it()
    {
        _staging.Health.Respond(StagingResponse.Huge(1L << 30, declareLength: false) with { ContentType = "text/plain" });
        var waiter = new HealthWaiter(_http, TimeProvider.System, new ProportionalJitter(new Random(1), spread: 0));

        var result = await waiter.WaitUntilHealthyAsync(_staging.HealthUrl, new Pipelines.Configuration.PollSettings(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10)), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), $"took {result.Elapsed}");
    }

    /// <summary>The independent reading: UTF-8 (a BOM allowed), strict JSON within 64 levels, no duplicate keys, an object whose sha is the expected string.</summary>
    private static bool Reports(byte[] body)
    {
        var span = body.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
            using var document = JsonDocument.Parse(span.ToArray(), new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("sha", out var sha)
                && sha.ValueKind == JsonValueKind.String
                && sha.GetString() == Expected;
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] Body(Random random, int i)
    {
        var good = $"{{\"sha\":\"{Expected}\",\"build\":{{\"n\":1,\"tags\":[\"a\",\"b\"]}}}}";
        return (i % 8) switch
        {
            0 => Encoding.UTF8.GetBytes(good),
            1 => Mutate(random, Encoding.UTF8.GetBytes(good)),
            2 => RandomBytes(random),
            3 => Encoding.UTF8.GetBytes(Nested(random.Next(1, 200), good)),
            4 => Encoding.UTF8.GetBytes(WrongType(random)),
            5 => Encoding.UTF8.GetBytes($"{{\"sha\":\"{Expected}\",\"sha\":\"{(random.Next(2) == 0 ? Expected : new string('f', 40))}\"}}"),
            6 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(random.Next(2) == 0 ? good : good.ToUpperInvariant())],
            _ => Encoding.UTF8.GetBytes($"{{\"sha\":\"{Expected}\",\"padding\":\"{new string('x', random.Next(1_000, 600_000))}\"}}"),
        };
    }

    private static byte[] Mutate(Random random, byte[] good)
    {
        var bytes = good.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    bytes.Insert(at, (byte)"{}[]\",: \\\0\u00ff"[random.Next(11)]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The good document wrapped in arrays or objects: deeper than 64 it must fail, and wrapped it is not the root object.</summary>
    private static string Nested(int depth, string good) => depth % 2 == 0
        ? string.Concat(Enumerable.Repeat("[", depth)) + good + string.Concat(Enumerable.Repeat("]", depth))
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + good + string.Concat(Enumerable.Repeat("}", depth));

    private static string WrongType(Random random) => random.Next(7) switch
    {
        0 => "{\"sha\":12345}",
        1 => "{\"sha\":null}",
        2 => $"{{\"sha\":[\"{Expected}\"]}}",
        3 => $"{{\"sha\":{{\"value\":\"{Expected}\"}}}}",
        4 => $"\"{Expected}\"",
        5 => $"{{\"SHA\":\"{Expected}\"}}",
        _ => $"{{\"sha\":\"{Expected} \"}}",
    };
}
