namespace Pipelines.Commands;

/// <summary>
/// Owns what a command creates for one run (HTTP clients and their connection pools) and
/// releases it when the run ends, so a process that runs many commands (tests, the sandbox,
/// the soak) does not accumulate sockets.
/// </summary>
internal sealed class DisposalScope : IDisposable
{
    private readonly Stack<IDisposable> _owned = new();

    public T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Push(disposable);
        return disposable;
    }

    public void Dispose()
    {
        while (_owned.TryPop(out var disposable))
        {
            disposable.Dispose();
        }
    }
}
