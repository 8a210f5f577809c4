using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.LiveDeploy.Install;

/// <summary>A plugin installed into a run's private plugin directory.</summary>
/// <param name="PluginDirectory">The directory to give wfctl (<c>--plugin-dir</c>, <c>WFCTL_PLUGIN_DIR</c>), absolute.</param>
/// <param name="Sha256">The verified SHA-256 of the tarball.</param>
/// <param name="Downloads">1, or 2 when the first download did not match the manifest.</param>
public sealed record InstalledPlugin(string PluginDirectory, string Sha256, int Downloads);

/// <summary>Installing failed. <see cref="Counted"/>: a user installing this release would hit it too.</summary>
public sealed class PluginInstallException(string message, bool counted) : Exception(message)
{
    public bool Counted { get; } = counted;
}

/// <summary>
/// Installs the release a registry manifest lists the way <c>wfctl plugin install</c> does (fact
/// sheet 1.5; W cmd/wfctl/plugin_install.go:465-538,1626-1835): download the tarball, check its
/// SHA-256 against the manifest (one more download on a mismatch: a corrupted transfer should not
/// count), extract it into <c>&lt;dir&gt;/&lt;short name&gt;/</c>, name the binary after the directory
/// (the largest executable when the archive names it otherwise) and write <c>plugin.json</c>
/// from the manifest. https only; plain http only to loopback (the tests' servers).
/// </summary>
public sealed class PluginInstaller(HttpClient http)
{
    /// <summary>Largest tarball accepted.</summary>
    public const long MaxDownloadBytes = 512L * 1024 * 1024;

    public async Task<InstalledPlugin> InstallAsync(RegistryManifest manifest, PluginDownload download, string pluginDirectory, CancellationToken cancellationToken)
    {
        var url = CheckUrl(download.Url);
        var expected = download.Sha256.Trim().ToLowerInvariant();
        if (expected.Length != 64 || !expected.All(Uri.IsHexDigit))
        {
            throw new PluginInstallException($"the manifest's sha256 for {download.Os}/{download.Arch} is not a SHA-256: '{download.Sha256}'", counted: true);
        }

        var archive = Path.Combine(pluginDirectory, $".{manifest.ShortName}.tar.gz");
        Directory.CreateDirectory(pluginDirectory);
        var hashes = new List<string>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var actual = await DownloadAsync(url, archive, cancellationToken).ConfigureAwait(false);
            if (actual == expected)
            {
                var target = Path.Combine(pluginDirectory, manifest.ShortName);
                TarballExtractor.Extract(archive, target + ".installing", manifest.ShortName);
                WritePluginJson(manifest, Path.Combine(target + ".installing", "plugin.json"));
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.Move(target + ".installing", target);
                File.Delete(archive);
                return new InstalledPlugin(Path.GetFullPath(pluginDirectory), actual, attempt);
            }

            hashes.Add(actual);
        }

        File.Delete(archive);
        throw new PluginInstallException(
            $"checksum mismatch after 2 downloads of {url}: got {string.Join(" then ", hashes)}, want {expected} (the manifest's sha256) -- may indicate a corrupted release or a supply-chain attack",
            counted: true);
    }

    private static Uri CheckUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new PluginInstallException($"download URL '{text}' is not an absolute URL", counted: true);
        }

        return IsPermitted(url)
            ? url
            : throw new PluginInstallException($"download URL '{text}' must be https (plain http only to a loopback address)", counted: true);
    }

    /// <summary>https, or plain http to a loopback address (tests serve releases there); the same rule for the URL and wherever a redirect lands.</summary>
    private static bool IsPermitted(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);

    private async Task<string> DownloadAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } final && !IsPermitted(final))
            {
                throw new PluginInstallException($"download of {url} was redirected to a non-https address", counted: false);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PluginInstallException($"download of {url} failed: HTTP {(int)response.StatusCode}", counted: false);
            }

            if (response.Content.Headers.ContentLength > MaxDownloadBytes)
            {
                throw new PluginInstallException($"download of {url} is larger than {MaxDownloadBytes} bytes", counted: true);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                var output = File.Create(path);
                await using (output.ConfigureAwait(false))
                {
                    var buffer = new byte[81920];
                    long total = 0;
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > MaxDownloadBytes)
                        {
                            throw new PluginInstallException($"download of {url} is larger than {MaxDownloadBytes} bytes", counted: true);
                        }

                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (HttpRequestException e)
        {
            throw new PluginInstallException($"download of {url} failed: {e.Message}", counted: false);
        }
    }

    /// <summary>
    /// plugin.json from the registry manifest, as wfctl writes it (W cmd/wfctl/plugin_install.go:515-526,1758-1795):
    /// the discovery block <c>capabilities.iacProvider</c> comes from the manifest and nowhere else.
    /// </summary>
    private static void WritePluginJson(RegistryManifest manifest, string path)
    {
        var json = new JsonObject
        {
            ["name"] = manifest.Name,
            ["version"] = manifest.Version,
            ["author"] = manifest.Raw["author"]?.DeepClone(),
            ["description"] = manifest.Raw["description"]?.DeepClone(),
            ["minEngineVersion"] = manifest.MinEngineVersion,
            ["capabilities"] = manifest.Raw["capabilities"]?.DeepClone(),
        };
        if (manifest.Raw["iacProvider"] is JsonObject iacProvider)
        {
            json["iacProvider"] = iacProvider.DeepClone();
        }

        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
