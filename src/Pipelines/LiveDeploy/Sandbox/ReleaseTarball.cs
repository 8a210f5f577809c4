using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Pipelines.LiveDeploy.Sandbox;

/// <summary>A plugin release archive built on the fly, laid out like a goreleaser release (fact sheet 1.6).</summary>
public sealed record ReleaseTarball(byte[] Bytes)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <summary>
    /// <c>workflow-plugin-&lt;name&gt;</c> (an executable stand-in plugin binary), <c>plugin.json</c> and
    /// <c>plugin.contracts.json</c>, all at the archive root, as the DigitalOcean release has them.
    /// </summary>
    public static ReleaseTarball ForPlugin(string name, string version, string? directory = null)
    {
        var binary = $"#!/bin/sh\n# STAND-IN plugin binary of workflow-plugin-{name} {version}: the stand-in wfctl does not execute it.\nexit 0\n";
        var files = new List<(string Name, string Content, UnixFileMode Mode)>
        {
            ($"workflow-plugin-{name}", binary + new string('#', 2048) + "\n", (UnixFileMode)0b111_101_101),
            ("plugin.json", $"{{\"name\": \"workflow-plugin-{name}\", \"version\": \"{version}\"}}\n", (UnixFileMode)0b110_100_100),
            ("plugin.contracts.json", "{}\n", (UnixFileMode)0b110_100_100),
        };
        return Build(files.Select(f => (directory is null ? f.Name : $"{directory}/{f.Name}", f.Content, f.Mode)));
    }

    public static ReleaseTarball Build(IEnumerable<(string Name, string Content, UnixFileMode Mode)> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content, mode) in files)
            {
                // Fixed times: the same files make the same bytes, so a manifest's sha256 can be recomputed.
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = mode,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                };
                tar.WriteEntry(entry);
            }
        }

        return new ReleaseTarball(buffer.ToArray());
    }
}
