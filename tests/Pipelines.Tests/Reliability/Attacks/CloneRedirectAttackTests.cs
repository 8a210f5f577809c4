using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Fetch;
using Pipelines.Security;
using Pipelines.Testing.Git;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attack (issue 13, point 2): live-deploy's plugin checkout, real git over https to loopback
/// servers with a self-signed certificate (trusted through the <c>.gitconfig</c> of git's HOME).
/// The configured GitHub host answers the clone with a 301 to a second origin: the second origin
/// never sees the token. A clone URL on a host other than the configured GitHub is sent no token.
/// </summary>
public sealed class CloneRedirectAttackTests : IAsyncLifetime
{
    private const string Token = "ghs_cloneREDIRECTtoken0123456789";
    private readonly TempDirectory _home = new("clone-redirect");
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly ConcurrentQueue<(string Path, string? Authorization)> _githubSeen = new();
    private readonly ConcurrentQueue<(string Path, string? Authorization)> _otherSeen = new();
    private LoopbackServer _github = null!;
    private LoopbackServer _other = null!;

    public async Task InitializeAsync()
    {
        _other = await LoopbackServer.StartAsync(
            app => app.Map("{**path}", (HttpContext http) =>
            {
                _otherSeen.Enqueue((http.Request.Path + http.Request.QueryString, http.Request.Headers.Authorization.FirstOrDefault()));
                return http.Request.Path.Value!.EndsWith("/info/refs", StringComparison.Ordinal)
                    ? Results.Bytes(Advertisement(), "application/x-git-upload-pack-advertisement")
                    : Results.StatusCode(500);
            }),
            _certificate);
        _github = await LoopbackServer.StartAsync(
            app => app.Map("{**path}", (HttpContext http) =>
            {
                _githubSeen.Enqueue((http.Request.Path.Value ?? string.Empty, http.Request.Headers.Authorization.FirstOrDefault()));
                return Results.Redirect(new Uri(_other.BaseAddress, http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString).AbsoluteUri, permanent: true);
            }),
            _certificate);
        var caFile = _home.Combine("loopback-ca.pem");
        await File.WriteAllTextAsync(caFile, _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(_home.Combine(".gitconfig"), $"[http]\n\tsslCAInfo = {caFile}\n");
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _other.DisposeAsync();
        _certificate.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task A_redirect_from_the_configured_github_host_never_carries_the_token_to_the_second_origin()
    {
        var checkout = Checkout(apiUrl: new Uri(_github.BaseAddress, "api/v3"));

        var error = await Assert.ThrowsAsync<PluginFetchException>(() =>
            checkout.FetchAsync(new Uri(_github.BaseAddress, "acme/plugin.git").AbsoluteUri, "main", _home.Combine("clone-1"), new Secret("GITHUB_TOKEN", Token), CancellationToken.None));

        // The configured host got the token (so the test would see it travel), the redirect target did not.
        Assert.Contains(_githubSeen, r => r.Authorization == Basic);
        Assert.DoesNotContain(_otherSeen, r => r.Authorization is not null);
        Assert.DoesNotContain(_otherSeen, r => r.Path.Contains("git-upload-pack", StringComparison.Ordinal) && !r.Path.Contains("info/refs", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, error.Message + string.Join('\n', error.OutputTail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clone_url_on_another_host_than_the_configured_github_gets_no_token()
    {
        var checkout = Checkout(apiUrl: new Uri(_github.BaseAddress, "api/v3"));

        await Assert.ThrowsAsync<PluginFetchException>(() =>
            checkout.FetchAsync(new Uri(_other.BaseAddress, "acme/plugin.git").AbsoluteUri, "main", _home.Combine("clone-2"), new Secret("GITHUB_TOKEN", Token), CancellationToken.None));

        Assert.NotEmpty(_otherSeen);
        Assert.DoesNotContain(_otherSeen, r => r.Authorization is not null);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://github.com/acme/p.git", true)]
    [InlineData("https://api.github.com", "https://github.com:443/acme/p.git", true)]
    [InlineData("https://api.github.com", "https://gitlab.com/acme/p.git", false)]
    [InlineData("https://api.github.com", "https://github.com.evil.test/acme/p.git", false)]
    [InlineData("https://api.github.com", "https://user@github.com/acme/p.git", false)]
    [InlineData("https://api.github.com", "http://github.com/acme/p.git", false)]
    [InlineData("https://api.github.com", "https://github.com:8443/acme/p.git", false)]
    [InlineData("https://ghe.acme.test/api/v3", "https://ghe.acme.test/acme/p.git", true)]
    [InlineData("https://ghe.acme.test/api/v3", "https://github.com/acme/p.git", false)]
    [InlineData("https://api.acme.ghe.com", "https://acme.ghe.com/acme/p.git", true)]
    [InlineData("https://api.github.com", "/srv/git/p", false)]
    public void The_token_scope_is_the_configured_github_web_host_over_https(string apiUrl, string cloneUrl, bool allowed) =>
        Assert.Equal(allowed, GitTokenScope.Allows(new Uri(apiUrl), cloneUrl));

    /// <summary>
    /// A smart-HTTP ref advertisement (protocol v0, as git's Documentation/gitprotocol-http.txt
    /// describes it) naming one branch: enough for git to go on to POST <c>git-upload-pack</c>, with
    /// its extra headers, to this origin. The second origin of a real attack is a git server.
    /// </summary>
    private static byte[] Advertisement()
    {
        var sha = new string('a', 40);
        static string Line(string text) => $"{text.Length + 4:x4}{text}";
        var text = Line("# service=git-upload-pack\n") + "0000"
            + Line($"{sha} HEAD\0multi_ack_detailed side-band-64k thin-pack ofs-delta shallow no-progress symref=HEAD:refs/heads/main\n")
            + Line($"{sha} refs/heads/main\n") + "0000";
        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    private static string Basic => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("x-access-token:" + Token));

    private GitPluginCheckout Checkout(Uri apiUrl) =>
        new(new ProcessRunner(), new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _home.Path,
        }, TimeSpan.FromMinutes(1))
        { GitHubApiUrl = apiUrl };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
