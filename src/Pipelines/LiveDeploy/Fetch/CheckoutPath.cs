namespace Pipelines.LiveDeploy.Fetch;

/// <summary>A path read from a checkout led outside it (a committed symlink to /etc/..., say).</summary>
public sealed class CheckoutEscapeException(string message) : Exception(message);

/// <summary>
/// Resolves a path inside a plugin checkout with every symlink followed, component by component,
/// and refuses a result outside the checkout: a repository can commit
/// <c>examples/minimal/config.yaml</c> (or a directory above it) as a link to any file of the runner.
/// </summary>
public static class CheckoutPath
{
    private const int MaxLinks = 40;

    /// <summary>The real path of <paramref name="relative"/> inside <paramref name="checkout"/>, or null when nothing is there.</summary>
    /// <exception cref="CheckoutEscapeException">The path, once links are followed, is outside the checkout.</exception>
    public static string? Resolve(string checkout, string relative)
    {
        var hops = 0;
        var root = Real(Path.GetFullPath(checkout), ref hops) ?? throw new DirectoryNotFoundException(checkout);
        hops = 0;
        var real = Real(Path.GetFullPath(Path.Combine(root, relative)), ref hops);
        var inside = real is not null && real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (real is not null && !inside)
        {
            throw new CheckoutEscapeException($"'{relative}' resolves outside the plugin checkout; it is not read");
        }

        return real is not null && File.Exists(real) ? real : null;
    }

    // Like realpath(3): null when a component does not exist.
    private static string? Real(string absolute, ref int hops)
    {
        var current = Path.GetPathRoot(absolute)!;
        foreach (var part in absolute[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return null;
            }

            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinks)
                {
                    throw new CheckoutEscapeException($"too many symbolic links at '{next}'");
                }

                var resolved = Real(Path.GetFullPath(target, current), ref hops);
                if (resolved is null)
                {
                    return null;
                }

                next = resolved;
            }

            current = next;
        }

        return current;
    }
}
