namespace Dagger;

/// <summary>One recorded call on the API: the GraphQL field name and its arguments, as passed.</summary>
public sealed record ApiCall(string Field, IReadOnlyList<KeyValuePair<string, object?>> Arguments)
{
    public object? Argument(string name) =>
        Arguments.FirstOrDefault(a => a.Key == name).Value;
}

/// <summary>
/// Base of the double's objects. Like the SDK's, they are immutable: every call returns a new
/// object that remembers the object it was called on and the call, so <see cref="Recorded"/> is
/// the whole query chain that produced it.
/// </summary>
public abstract class RecordedObject
{
    private protected RecordedObject(RecordedObject? parent, ApiCall call)
    {
        Parent = parent;
        Call = call;
    }

    public RecordedObject? Parent { get; }

    public ApiCall Call { get; }

    /// <summary>The calls that produced this object, first to last.</summary>
    public IReadOnlyList<ApiCall> Recorded =>
        Parent is null ? [Call] : [.. Parent.Recorded, Call];

    private protected static ApiCall Record(string field, params (string Name, object? Value)[] arguments) =>
        new(field, [.. arguments.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, object?>(a.Name, a.Value))]);
}
