using System.Text;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// A private directory (0700) for one plugin's credential files (0600). Disposing deletes it and
/// everything in it; the session that owns it disposes it on every exit path.
/// </summary>
internal sealed class CredentialDirectory : IDisposable
{
    private CredentialDirectory(string path) => Path = path;

    public string Path { get; }

    public static CredentialDirectory Create(string? parent = null)
    {
        // CreateTempSubdirectory makes the directory 0700 on Unix; a given parent gets the same mode.
        if (parent is null)
        {
            return new CredentialDirectory(Directory.CreateTempSubdirectory("live-deploy-credentials-").FullName);
        }

        var path = System.IO.Path.Combine(parent, "credentials-" + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new CredentialDirectory(path);
    }

    /// <summary>Writes a new file readable and writable by this user only.</summary>
    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere; the OS temp cleaner gets it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
