using System.Formats.Tar;
using System.IO.Compression;

namespace Pipelines.LiveDeploy.Install;

/// <summary>
/// Extracts a plugin release tarball like wfctl (W cmd/wfctl/plugin_install.go:1626-1701,1797-1835):
/// the first path component is stripped only from names that contain '/', nothing may land outside
/// the target (no <c>..</c>, no absolute names, no links), sizes are capped, and when
/// <c>&lt;D&gt;/&lt;D&gt;</c> is absent the largest executable file is renamed to it.
/// </summary>
public static class TarballExtractor
{
    public const long MaxEntryBytes = 512L * 1024 * 1024;
    public const long MaxTotalBytes = 1024L * 1024 * 1024;
    public const int MaxEntries = 10_000;

    /// <exception cref="PluginInstallException">A bad archive (counted: a user's install fails the same way).</exception>
    public static void Extract(string archive, string target, string binaryName)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        long total = 0;
        var entries = 0;
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (++entries > MaxEntries)
                {
                    throw Bad($"more than {MaxEntries} entries");
                }

                var name = entry.Name.Replace('\\', '/');
                if (name.Contains('/', StringComparison.Ordinal))
                {
                    name = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
                }

                if (name.Length == 0)
                {
                    continue;
                }

                var destination = Path.GetFullPath(Path.Combine(target, name));
                if (Path.IsPathRooted(name) || !destination.StartsWith(root, StringComparison.Ordinal))
                {
                    throw Bad($"entry '{entry.Name}' would be written outside the plugin directory");
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(destination);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (entry.Length > MaxEntryBytes || (total += entry.Length) > MaxTotalBytes)
                        {
                            throw Bad("an entry or the whole archive is larger than allowed");
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                        entry.ExtractToFile(destination, overwrite: true);
                        if (!OperatingSystem.IsWindows())
                        {
                            File.SetUnixFileMode(destination, entry.Mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
                        }

                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw Bad($"entry '{entry.Name}' is a link");
                    default:
                        break; // pax headers and the like carry no file
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw Bad($"not a readable tar.gz ({e.Message})");
        }

        NameBinary(target, binaryName);
    }

    private static void NameBinary(string target, string binaryName)
    {
        var binary = Path.Combine(target, binaryName);
        if (File.Exists(binary))
        {
            return;
        }

        var largest = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
            .Where(f => OperatingSystem.IsWindows() || (File.GetUnixFileMode(f) & UnixFileMode.UserExecute) != 0)
            .OrderByDescending(f => new FileInfo(f).Length)
            .FirstOrDefault()
            ?? throw Bad($"no executable file in the archive to install as {binaryName}");
        File.Move(largest, binary);
    }

    private static PluginInstallException Bad(string reason) => new($"the release archive is unusable: {reason}", counted: true);
}
