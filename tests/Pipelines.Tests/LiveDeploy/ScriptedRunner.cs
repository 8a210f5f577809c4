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

    /// <summary>
    /// What wfctl prints on stdout when each verb succeeds for a one-resource example with state
    /// (the stand-in's outputs, from the wfctl fact sheet sections 2.2 and 3.1-3.4): the plan
    /// proves the plugin ran, and status after destroy proves teardown.
    /// </summary>
    public static ProcessResult Succeeded(string verb) => verb switch
    {
        "plan" => Exit(0, "Infrastructure Plan — examples/minimal/config.yaml", "", "+ create  my-app  (infra.droplet)", "    region:  nyc1", "", "Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy."),
        "apply" => Exit(0, "Applying infrastructure from examples/minimal/config.yaml...", "Applying 1 resource(s) via provider \"do-provider\" (digitalocean)...", "  Plan: 1 action(s) to execute.", "  -> [1/1] create my-app (infra.droplet)", "  ✓ my-app (infra.droplet)"),
        "status" => Exit(0, "Infrastructure status from examples/minimal/config.yaml...", "No resources tracked in state."),
        "destroy" => Exit(0, "Destroying infrastructure from examples/minimal/config.yaml...", "Destroying 1 resource(s) via provider \"do-provider\" (digitalocean)...", "  ✓ destroyed my-app"),
        "cleanup" => Exit(0, "digitalocean: no resources matched tag \"live-deploy-42\""),
        _ => Exit(0),
    };

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
            var succeeded = Succeeded(VerbOf(command));
            foreach (var line in succeeded.OutputTail)
            {
                onOutput?.Invoke(new OutputLine(OutputStream.StandardOutput, line));
            }

            return Task.FromResult(succeeded);
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
