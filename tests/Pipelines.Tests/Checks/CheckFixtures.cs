using System.Collections.Concurrent;
using NSubstitute;
using Pipelines.Configuration;
using Pipelines.Execution;

namespace Pipelines.Tests.Checks;

/// <summary>A temporary working directory for checks, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("pipelines-checks-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class CheckSamples
{
    public static CheckSettings Check(
        string name,
        string workdir,
        string? run = null,
        IReadOnlyDictionary<string, string>? env = null,
        IReadOnlyList<string>? passEnv = null,
        TimeSpan? timeout = null,
        IReadOnlyList<string>? after = null) =>
        new(
            Name: name,
            Run: run ?? $"run-{name}",
            Workdir: workdir,
            Env: env ?? new Dictionary<string, string>(),
            PassEnv: passEnv ?? [],
            Timeout: timeout ?? TimeSpan.FromMinutes(20),
            Image: null,
            After: after ?? []);

    public static ProcessResult Exited(int exitCode, params string[] tail) =>
        new(exitCode, ProcessTermination.Exited, TimeSpan.FromSeconds(1), tail);
}

/// <summary>
/// An NSubstitute IProcessRunner whose answers are scripted per check (keyed by the <c>run</c>
/// text) and which records the commands it was asked to start, in order.
/// </summary>
internal sealed class ScriptedProcesses
{
    private readonly ConcurrentDictionary<string, Func<ProcessCommand, Action<OutputLine>?, CancellationToken, Task<ProcessResult>>> _scripts = new();
    private readonly ConcurrentQueue<ProcessCommand> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _startSignals = new();

    public ScriptedProcesses()
    {
        Runner = Substitute.For<IProcessRunner>();
        Runner
            .RunAsync(Arg.Any<ProcessCommand>(), Arg.Any<Action<OutputLine>?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var command = call.Arg<ProcessCommand>();
                _started.Enqueue(command);
                StartSignal(command.Arguments[1]).TrySetResult();
                var script = _scripts.TryGetValue(command.Arguments[1], out var found)
                    ? found
                    : (_, _, _) => Task.FromResult(CheckSamples.Exited(0));
                return script(command, call.Arg<Action<OutputLine>?>(), call.Arg<CancellationToken>());
            });
    }

    public IProcessRunner Runner { get; }

    public IReadOnlyList<ProcessCommand> Started => [.. _started];

    public IReadOnlyList<string> StartedRuns => [.. _started.Select(c => c.Arguments[1])];

    /// <summary>Completes when the check with this <c>run</c> has been started.</summary>
    public Task WhenStarted(string run) => StartSignal(run).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource StartSignal(string run) =>
        _startSignals.GetOrAdd(run, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Script(string run, Func<ProcessCommand, Action<OutputLine>?, CancellationToken, Task<ProcessResult>> script) =>
        _scripts[run] = script;

    public void Returns(string run, ProcessResult result) => Script(run, (_, _, _) => Task.FromResult(result));

    /// <summary>The check's process runs until the test completes the returned source.</summary>
    public TaskCompletionSource<ProcessResult> Hold(string run)
    {
        var completion = new TaskCompletionSource<ProcessResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Script(run, (_, _, _) => completion.Task);
        return completion;
    }
}
