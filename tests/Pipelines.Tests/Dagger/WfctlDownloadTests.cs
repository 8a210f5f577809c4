using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Containers;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The wfctl container's download step, run for real with /bin/sh and curl against a release
/// served on 127.0.0.1, then the checksum verification the plan runs after it.
/// </summary>
public sealed class WfctlDownloadTests : IAsyncLifetime
{
    private const string Asset = "wfctl-linux-amd64";
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-wfctl-").FullName;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private WebApplication _release = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _release = builder.Build();
        _release.Run(context =>
        {
            if (_files.TryGetValue(context.Request.Path.Value!.TrimStart('/'), out var content))
            {
                return context.Response.WriteAsync(content);
            }

            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await _release.StartAsync();
        _baseUrl = _release.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        await _release.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_asset_and_the_checksums_file_are_downloaded_and_verified()
    {
        Publish("wfctl-binary", checksumOf: "wfctl-binary");

        var download = await RunAsync(ShellScripts.DownloadWfctl);
        var verify = await RunAsync(ShellScripts.VerifyChecksum);

        Assert.True(download.ExitCode == 0, download.Error);
        Assert.Equal("wfctl-binary", File.ReadAllText(Path.Combine(_root, Asset)));
        Assert.True(verify.ExitCode == 0, verify.Error);
    }

    [Fact]
    public async Task A_missing_release_fails_the_download()
    {
        var download = await RunAsync(ShellScripts.DownloadWfctl);

        Assert.NotEqual(0, download.ExitCode);
        Assert.Contains("404", download.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_that_does_not_match_the_pinned_digest_fails_the_download()
    {
        Publish("wfctl-binary", checksumOf: "wfctl-binary");

        var download = await RunAsync(ShellScripts.DownloadWfctl, Sha256Hex("another-binary"));

        Assert.NotEqual(0, download.ExitCode);
    }

    [Fact]
    public async Task A_binary_that_matches_the_pinned_digest_passes()
    {
        Publish("wfctl-binary", checksumOf: "wfctl-binary");

        var download = await RunAsync(ShellScripts.DownloadWfctl, Sha256Hex("wfctl-binary"));

        Assert.True(download.ExitCode == 0, download.Error);
    }

    private void Publish(string binary, string checksumOf)
    {
        _files[Asset] = binary;
        _files["checksums.txt"] = $"{Sha256Hex(checksumOf)}  {Asset}\n";
    }

    private static string Sha256Hex(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private async Task<(int ExitCode, string Error)> RunAsync(string script, string? sha256 = null)
    {
        var start = new ProcessStartInfo("sh") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment[PlanVariables.WfctlAsset] = Asset;
        start.Environment[PlanVariables.WfctlUrl] = $"{_baseUrl}/{Asset}";
        start.Environment[PlanVariables.WfctlChecksumsUrl] = $"{_baseUrl}/checksums.txt";
        if (sha256 is not null)
        {
            start.Environment[PlanVariables.WfctlSha256] = sha256;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await error);
    }
}
