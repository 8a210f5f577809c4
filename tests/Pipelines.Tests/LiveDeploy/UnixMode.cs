namespace Pipelines.Tests.LiveDeploy;

internal static class UnixMode
{
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("POSIX modes only") : File.GetUnixFileMode(path);

    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
