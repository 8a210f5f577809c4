using System.Collections.Concurrent;
using Pipelines.Execution;

namespace Pipelines.Testing.Git;

/// <summary>Runs commands through another runner and remembers each command, to assert on argv and environment.</summary>
public sealed class RecordingProcessRunner(IProcessRunner inner) : IProcessRunner
{
    private readonly ConcurrentQueue<ProcessCommand> _commands = new();

    public RecordingProcessRunner()
        : this(new ProcessRunner())
    {
    }

    public IReadOnlyList<ProcessCommand> Commands => [.. _commands];

    public Task<ProcessResult> RunAsync(ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command);
        return inner.RunAsync(command, onOutput, cancellationToken);
    }
}
