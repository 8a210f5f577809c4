using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Pipelines.Tests.Probes;

/// <summary>
/// An HttpMessageHandler answering from a script and recording when (on the fake clock) each
/// request arrived. Answers complete synchronously, so the code under test reaches its next wait
/// before the test advances the clock.
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly FakeTimeProvider _clock;
    private readonly DateTimeOffset _start;
    private readonly Func<int, CancellationToken, Task<HttpResponseMessage>> _script;
    private readonly List<TimeSpan> _requestTimes = [];

    public ScriptedHandler(FakeTimeProvider clock, Func<int, CancellationToken, Task<HttpResponseMessage>> script)
    {
        _clock = clock;
        _start = clock.GetUtcNow();
        _script = script;
    }

    /// <summary>When each request arrived, measured from the handler's creation on the fake clock.</summary>
    public IReadOnlyList<TimeSpan> RequestTimes => _requestTimes;

    public int Requests => _requestTimes.Count;

    public static ScriptedHandler InOrder(FakeTimeProvider clock, params Func<CancellationToken, Task<HttpResponseMessage>>[] answers) =>
        new(clock, (n, ct) => answers[Math.Min(n, answers.Length) - 1](ct));

    public static Func<CancellationToken, Task<HttpResponseMessage>> Status(HttpStatusCode status) =>
        _ => Task.FromResult(new HttpResponseMessage(status));

    public static Func<CancellationToken, Task<HttpResponseMessage>> Refused() =>
        _ => Task.FromException<HttpResponseMessage>(new HttpRequestException(
            HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)));

    public static Func<CancellationToken, Task<HttpResponseMessage>> DnsFailure() =>
        _ => Task.FromException<HttpResponseMessage>(new HttpRequestException(
            HttpRequestError.NameResolutionError, "Name or service not known (staging.invalid:443)", new SocketException((int)SocketError.HostNotFound)));

    /// <summary>Never answers; fails only when the request is cancelled.</summary>
    public static Func<CancellationToken, Task<HttpResponseMessage>> Hang() =>
        async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        };

    public HttpClient Client() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requestTimes.Add(_clock.GetUtcNow() - _start);
        return _script(_requestTimes.Count, cancellationToken);
    }
}
