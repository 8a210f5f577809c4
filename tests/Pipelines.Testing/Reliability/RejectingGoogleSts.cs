using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Testing.Reliability;

/// <summary>
/// A Google STS that refuses every exchange, after noting where the subject token it was sent
/// lies on disk and with which permissions: the credential files of a login that fails, seen
/// while they exist.
/// </summary>
public sealed class RejectingGoogleSts : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RejectingGoogleSts(LoopbackServer server) => _server = server;

    public Uri TokenUrl => new(_server.BaseAddress, "v1/token");

    public Uri IamCredentialsUrl => _server.BaseAddress;

    /// <summary>"mode path" of each file holding the subject token when an exchange arrived.</summary>
    public ConcurrentQueue<string> TokenFilesSeen { get; } = new();

    public static async Task<RejectingGoogleSts> StartAsync()
    {
        RejectingGoogleSts? self = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                var subjectToken = form["subject_token"].ToString();
                foreach (var file in CandidateFiles())
                {
                    try
                    {
                        if (File.ReadAllText(file) == subjectToken)
                        {
                            var mode = OperatingSystem.IsWindows() ? "windows" : Convert.ToString((int)File.GetUnixFileMode(file), 8);
                            self!.TokenFilesSeen.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{mode} {file}"));
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Another test's credentials, removed meanwhile or not ours to read.
                    }
                }

                return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = "refused by the test" }, statusCode: 400);
            });
        }).ConfigureAwait(false);
        self = new RejectingGoogleSts(server);
        return self;
    }

    private static IEnumerable<string> CandidateFiles()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "live-deploy-credentials-*"))
        {
            var file = Path.Combine(directory, "oidc-token.jwt");
            if (File.Exists(file))
            {
                yield return file;
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
