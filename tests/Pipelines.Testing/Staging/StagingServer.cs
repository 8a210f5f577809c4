using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Pipelines.Testing.Staging;

/// <summary>
/// A staging service on 127.0.0.1 (Kestrel, port 0) with scripted <c>/healthcheck</c> and
/// <c>/version</c> endpoints: healthy after N failures, a version body of any shape, status, size
/// or speed, dropped connections, redirects. Every request is counted and recorded.
/// </summary>
public sealed class StagingServer : IAsyncDisposable
{
    public const string HealthPath = "/healthcheck";
    public const string VersionPath = "/version";

    private const int ChunkBytes = 64 * 1024;

    private readonly WebApplication _app;

    private StagingServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri HealthUrl => new(BaseUrl, HealthPath);

    public Uri VersionUrl => new(BaseUrl, VersionPath);

    /// <summary>Healthy (200) until scripted otherwise.</summary>
    public StagingEndpoint Health { get; } = new(StagingResponse.Ok());

    /// <summary>404 until scripted: a service that reports no version.</summary>
    public StagingEndpoint Version { get; } = new(StagingResponse.Text(404, "no version configured"));

    /// <summary>Requests to any other path (404), e.g. targets of redirects in a test.</summary>
    public StagingEndpoint Other { get; } = new(StagingResponse.Text(404, "not found"));

    public static async Task<StagingServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new StagingServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Healthy, and reporting <paramref name="sha"/> at <paramref name="field"/>: a staging that passes.</summary>
    public StagingServer ServeCommit(string sha, string field = "sha")
    {
        Health.Respond(StagingResponse.Ok());
        Version.Respond(StagingResponse.Version(sha, field));
        return this;
    }

    /// <summary>Answers <paramref name="status"/> to the next <paramref name="failures"/> health requests, then 200.</summary>
    public StagingServer BecomeHealthyAfter(int failures, int status = 503)
    {
        Health.RespondInOrder([.. Enumerable.Repeat(StagingResponse.Text(status, "starting"), failures), StagingResponse.Ok()]);
        return this;
    }

    /// <summary>Answers <paramref name="status"/> to health requests until <paramref name="clock"/> reaches <paramref name="at"/>.</summary>
    public StagingServer BecomeHealthyAt(DateTimeOffset at, TimeProvider clock, int status = 503)
    {
        Health.Respond(_ => clock.GetUtcNow() >= at ? StagingResponse.Ok() : StagingResponse.Text(status, "starting"));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var endpoint = context.Request.Path.Value switch
        {
            HealthPath => Health,
            VersionPath => Version,
            _ => Other,
        };
        var headers = context.Request.Headers.ToImmutableDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var response = endpoint.Next(context.Request.Method, context.Request.Path + context.Request.QueryString, headers);
        var aborted = context.RequestAborted;
        try
        {
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, aborted).ConfigureAwait(false);
            }

            if (response.DropConnection)
            {
                context.Abort();
                return;
            }

            await WriteAsync(context.Response, response, aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client went away (a timeout or a size cap in the code under test): nothing to answer.
        }
    }

    private static async Task WriteAsync(HttpResponse http, StagingResponse response, CancellationToken aborted)
    {
        http.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        if (response.GeneratedLength is not long length)
        {
            http.ContentLength = response.Body.Length;
            await http.Body.WriteAsync(response.Body, aborted).ConfigureAwait(false);
            return;
        }

        if (response.DeclareLength)
        {
            http.ContentLength = length;
        }
        else
        {
            // Kestrel sends a body without Content-Length chunked, so only reading it reveals the size.
            http.HttpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        }

        var chunk = new byte[ChunkBytes];
        Array.Fill(chunk, (byte)'a');
        "{\"sha\":\""u8.CopyTo(chunk);
        for (long sent = 0; sent < length; sent += ChunkBytes)
        {
            var size = (int)Math.Min(ChunkBytes, length - sent);
            await http.Body.WriteAsync(chunk.AsMemory(0, size), aborted).ConfigureAwait(false);
            if (sent == 0)
            {
                Array.Fill(chunk, (byte)'a');
            }
        }
    }
}
