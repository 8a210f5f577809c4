extern alias daggermodule;

using DaggerApi = daggermodule::Dagger;

namespace Pipelines.Tests.Dagger;

/// <summary>Walks everything the module asked the (double) Dagger API to build.</summary>
internal static class ApiGraph
{
    /// <summary>Every object reachable from <paramref name="root"/>: its chain and every object passed as an argument.</summary>
    public static IReadOnlyList<DaggerApi.RecordedObject> Objects(DaggerApi.RecordedObject root)
    {
        var seen = new List<DaggerApi.RecordedObject>();
        var pending = new Stack<DaggerApi.RecordedObject>([root]);
        while (pending.TryPop(out var current))
        {
            if (seen.Any(o => ReferenceEquals(o, current)))
            {
                continue;
            }

            seen.Add(current);
            if (current.Parent is not null)
            {
                pending.Push(current.Parent);
            }

            foreach (var value in current.Call.Arguments.Select(a => a.Value))
            {
                if (value is DaggerApi.RecordedObject referenced)
                {
                    pending.Push(referenced);
                }
            }
        }

        return seen;
    }

    /// <summary>Every call made on the way to <paramref name="root"/>, with the object it produced.</summary>
    public static IEnumerable<(DaggerApi.RecordedObject Produced, DaggerApi.ApiCall Call)> Calls(DaggerApi.RecordedObject root) =>
        Objects(root).Select(o => (o, o.Call));

    /// <summary>Every string passed anywhere (arguments, array elements), for leak searches.</summary>
    public static IEnumerable<string> Strings(DaggerApi.RecordedObject root) =>
        Calls(root).SelectMany(c => c.Call.Arguments).SelectMany(a => a.Value switch
        {
            string text => [text],
            string[] texts => texts,
            _ => Array.Empty<string>(),
        });

    /// <summary>The calls that produced this container, from the first one, as field names.</summary>
    public static IReadOnlyList<string> Fields(DaggerApi.RecordedObject root) => [.. root.Recorded.Select(c => c.Field)];

    public static IEnumerable<DaggerApi.ApiCall> Chain(DaggerApi.RecordedObject root, string field) =>
        root.Recorded.Where(c => c.Field == field);

    public static string[] ExecArgs(DaggerApi.ApiCall call) => (string[])call.Argument("args")!;
}
