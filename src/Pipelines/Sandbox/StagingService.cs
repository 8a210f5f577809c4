using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipelines.Sandbox;

/// <summary>
/// A stand-in staging deploy for the sandbox: a real HTTP server on 127.0.0.1 answering
/// <c>/healthcheck</c> and <c>/version</c>, so the gate's probes run exactly as against a real one.
/// </summary>
public sealed class StagingService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private StagingService(int port, Func<string, (int Status, string Body)> respond)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync(respond);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Serves a health status and a version body reporting <paramref name="sha"/>.</summary>
    public static StagingService Start(int healthStatus, string sha) =>
        new(FreePort(), path => path switch
        {
            "/healthcheck" => (healthStatus, healthStatus == 200 ? "ok" : "starting"),
            "/version" => (200, $"{{\"sha\":\"{sha}\",\"service\":\"sandbox\"}}"),
            _ => (404, "not found"),
        });

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync(Func<string, (int Status, string Body)> respond)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            var (status, body) = respond(context.Request.Url?.AbsolutePath ?? "/");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }

        _stop.Dispose();
    }
}
