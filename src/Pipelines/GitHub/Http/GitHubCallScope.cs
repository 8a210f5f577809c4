namespace Pipelines.GitHub.Http;

/// <summary>
/// What the handler under Octokit needs to know about the call it is sending, which Octokit's
/// request does not carry: the operation's name (for retry notices and error messages) and the
/// caller's cancellation token (Octokit's Patch, Put and Delete take none). One per factory;
/// the values flow with the async call, so concurrent calls never see each other's.
/// </summary>
internal sealed class GitHubCallScope
{
    private readonly AsyncLocal<Call?> _current = new();

    public string Operation => _current.Value?.Operation ?? "GitHub call";

    public CancellationToken CancellationToken => _current.Value?.CancellationToken ?? CancellationToken.None;

    public IDisposable Begin(string operation, CancellationToken cancellationToken)
    {
        var previous = _current.Value;
        _current.Value = new Call(operation, cancellationToken);
        return new Restore(this, previous);
    }

    private sealed record Call(string Operation, CancellationToken CancellationToken);

    private sealed class Restore(GitHubCallScope scope, Call? previous) : IDisposable
    {
        public void Dispose() => scope._current.Value = previous;
    }
}
