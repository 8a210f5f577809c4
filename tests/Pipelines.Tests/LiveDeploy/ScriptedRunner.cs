using System.Collections.Concurrent;
using Pipelines.Execution;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>A process runner for unit tests: answers each command by its wfctl verb and records what it was asked to run.</summary>
internal sealed class ScriptedRunner : IProcessRunner
{
    private readonly ConcurrentDictionary<string, Queue<Func<ProcessCommand, CancellationToken, ProcessResult>>> _answers = new();

    public ConcurrentQueue<(ProcessCommand Command, bool TokenCancelled, bool TokenCanCancel)> Calls { get; } = new();

    public static string VerbOf(ProcessCommand command) =>
        command.Arguments.Length >= 2 && command.Arguments[0] == "infra" ? command.Arguments[1] : string.Join(' ', command.Arguments);

    public IReadOnlyList<string> Verbs => Calls.Select(c => VerbOf(c.Command)).ToList();

    public static ProcessResult Exit(int code, params string[] output) => new(code, ProcessTermination.Exited, TimeSpan.FromSeconds(1), output);

    /// <summary>Answers the next calls of <paramref name="verb"/> in order; the last answer repeats.</summary>
    public ScriptedRunner On(string verb, params Func<ProcessCommand, CancellationToken, ProcessResult>[] answers)
    {
        _answers[verb] = new Queue<Func<ProcessCommand, CancellationToken, ProcessResult>>(answers);
        return this;
    }

    public ScriptedRunner On(string verb, params ProcessResult[] results) =>
        On(verb, results.Select(r => (Func<ProcessCommand, CancellationToken, ProcessResult>)((_, _) => r)).ToArray());

    public Task<ProcessResult> RunAsync(ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((command, cancellationToken.IsCancellationRequested, cancellationToken.CanBeCanceled));
        if (!_answers.TryGetValue(VerbOf(command), out var queue) || queue.Count == 0)
        {
            return Task.FromResult(Exit(0, $"{VerbOf(command)} ok"));
        }

        var answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        var result = answer(command, cancellationToken);
        foreach (var line in result.OutputTail)
        {
            onOutput?.Invoke(new OutputLine(OutputStream.StandardOutput, line));
        }

        return Task.FromResult(result);
    }
}
