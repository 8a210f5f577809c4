using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipelines.Tests.GitHub.Contract;

/// <summary>
/// Runs Stoplight Prism (from tests/contract/node_modules, installed with <c>npm ci</c> when
/// missing) as a mock of GitHub's OpenAPI subset on a free loopback port, for the class's
/// lifetime. Node and npm are required: without them the contract test fails, it is not skipped.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(180);

    private readonly List<string> _output = [];
    private Process? _prism;

    public Uri BaseUrl { get; private set; } = null!;

    public string ContractDirectory { get; } = ContractPackages.Directory;

    public string SpecFile => Path.Combine(ContractDirectory, "github-rest-subset.openapi.json");

    public async Task InitializeAsync()
    {
        await ContractPackages.EnsureInstalledAsync();
        var prism = Path.Combine(ContractDirectory, "node_modules", ".bin", "prism");

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(prism)
        {
            WorkingDirectory = ContractDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "github-rest-subset.openapi.json"])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _prism = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The GitHub contract test needs Node.js to run Prism ({prism}): {e.Message}", e);
        }

        _prism.OutputDataReceived += (_, e) => Keep(e.Data);
        _prism.ErrorDataReceived += (_, e) => Keep(e.Data);
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_prism is { HasExited: false })
        {
            _prism.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _prism.WaitForExitAsync(timeout.Token);
        }

        _prism?.Dispose();
    }

    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(40));
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var probe = new Uri(BaseUrl, "repos/octocat/hello/git/ref/heads/main");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupDeadline)
        {
            if (_prism!.HasExited)
            {
                _prism.WaitForExit(); // drains the redirected output
                throw new InvalidOperationException($"Prism exited with code {_prism.ExitCode} before it was ready:\n{RecentOutput}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, probe);
                request.Headers.Accept.ParseAdd("application/json");
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prism was not ready within {StartupDeadline}:\n{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 200)
            {
                _output.RemoveAt(0);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
