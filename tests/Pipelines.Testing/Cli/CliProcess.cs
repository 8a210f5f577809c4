using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Pipelines.Testing.Cli;

/// <summary>What a finished (or killed) <c>pipelines</c> process left.</summary>
/// <param name="ExitCode">Null when the process was killed or did not finish in time.</param>
public sealed record CliResult(int? ExitCode, string StandardOutput, string StandardError, bool Killed);

/// <summary>
/// Runs the real <c>pipelines</c> CLI (the built <c>pipelines.dll</c>) as a child process with an
/// explicit environment: nothing of the test process's environment leaks in except what the
/// dotnet host itself needs to start. Output is captured as it arrives, so a test can wait for a
/// line and kill the process at that point (SIGKILL, the whole tree).
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _killed;
    private TaskCompletionSource _outputChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id (for logs; use <see cref="Kill"/> to end it).</summary>
    public int Id => _process.Id;

    /// <summary>Standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The built CLI: <c>src/Pipelines.Cli/bin/&lt;Configuration&gt;/net10.0/pipelines.dll</c> of this checkout.</summary>
    public static string LocateDll()
    {
        var configuration = typeof(CliProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = RepositoryRoot();
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(root, "src", "Pipelines.Cli", "bin", configuration, framework, "pipelines.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"the CLI is not built at {dll}; build tests/Pipelines.Tests (it builds the CLI first)", dll);
    }

    /// <summary>The checkout's root: the nearest directory above the test binaries holding Pipelines.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipelines.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Starts <c>dotnet pipelines.dll ARGS</c> in <paramref name="workingDirectory"/> with exactly <paramref name="environment"/> (plus the host's needs).</summary>
    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(LocateDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in HostEnvironment())
        {
            info.Environment[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._stdout, cli._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._stderr, cli._stderrClosed, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("the pipelines process did not start");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end; kills the process (and reports it) when <paramref name="timeout"/> passes first.</summary>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        await using var cli = Start(arguments, environment, workingDirectory);
        return await cli.WaitAsync(timeout ?? TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until standard output contains <paramref name="text"/>; false when the output ended or the time ran out first.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            // Take the signal before looking, so a line appended in between is not missed.
            var changed = Volatile.Read(ref _outputChanged).Task;
            if (StandardOutput.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_stdoutClosed.Task.IsCompleted)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>SIGKILL to the process and its children, as a runner that is cancelled hard does.</summary>
    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits for the end (killing the process when <paramref name="timeout"/> passes) and returns everything it printed.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // The exit can be seen before the last lines were read.
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        return new CliResult(_killed ? null : _process.ExitCode, StandardOutput, StandardError, _killed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            lock (buffer)
            {
                buffer.Append(line).Append('\n');
            }
        }

        Interlocked.Exchange(ref _outputChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    // The muxer that runs this test process, so the child uses the same runtime.
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return path;
        }

        return "dotnet";
    }

    /// <summary>Only what the dotnet host needs to start: where the runtime is, and no first-run chatter.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HostEnvironment()
    {
        foreach (var name in (string[])["DOTNET_ROOT", "DOTNET_HOST_PATH"])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                yield return new(name, value);
            }
        }

        yield return new("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        yield return new("DOTNET_NOLOGO", "1");
    }
}
