using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipelines.LiveDeploy.Sandbox;

/// <summary>
/// A plain-HTTP file server on 127.0.0.1 for release tarballs (GET only, one request per
/// connection): the sandbox's and the tests' stand-in for GitHub release downloads. Loopback is
/// the only place live-deploy accepts plain http from.
/// </summary>
public sealed class ReleaseServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, Func<byte[]>> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ReleaseServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Paths requested so far, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (each request asks again, so a test can serve different bytes each time) and returns its URL.</summary>
    public string Serve(string path, Func<byte[]> content)
    {
        _files[path] = content;
        return BaseUrl + path;
    }

    public string Serve(string path, byte[] content) => Serve(path, () => content);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) ?? string.Empty;
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false)))
                {
                }

                var parts = requestLine.Split(' ');
                var path = parts.Length >= 2 ? parts[1] : "/";
                _requests.Enqueue(path);
                var body = parts[0] == "GET" && _files.TryGetValue(path, out var content) ? content() : null;
                var head = body is null
                    ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token).ConfigureAwait(false);
                if (body is not null)
                {
                    await stream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
