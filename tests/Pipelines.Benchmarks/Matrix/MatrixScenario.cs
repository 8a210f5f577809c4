namespace Pipelines.Benchmarks.Matrix;

/// <summary>
/// A live-deploy matrix of <see cref="Plugins"/> plugins whose stand-in wfctl takes between
/// <see cref="Fastest"/> and <see cref="Slowest"/> each (spread evenly), <see cref="Parallel"/> at a time.
/// </summary>
public sealed record MatrixScenario(int Plugins, int Parallel)
{
    public static readonly TimeSpan Fastest = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan Slowest = TimeSpan.FromSeconds(2.0);

    public string Name => $"matrix plugins={Plugins} parallel={Parallel}";

    public static string PluginName(int index) => $"p{index + 1:00}";

    /// <summary>What wfctl takes for plugin <paramref name="index"/> (0-based): apply and destroy together.</summary>
    public TimeSpan DurationOf(int index) =>
        Plugins == 1 ? Slowest : Fastest + ((Slowest - Fastest) * index / (Plugins - 1));

    public TimeSpan SlowestPlugin => Enumerable.Range(0, Plugins).Select(DurationOf).Max();

    public TimeSpan AllPlugins => Enumerable.Range(0, Plugins).Aggregate(TimeSpan.Zero, (sum, i) => sum + DurationOf(i));

    /// <summary>
    /// The wfctl time the matrix cannot avoid: plugins start in order as one of the
    /// <see cref="Parallel"/> slots frees up, so with parallel ≥ plugins it is the slowest plugin and
    /// with 1 it is their sum.
    /// </summary>
    public TimeSpan Bound
    {
        get
        {
            var slots = new PriorityQueue<int, TimeSpan>();
            for (var slot = 0; slot < Math.Max(1, Parallel); slot++)
            {
                slots.Enqueue(slot, TimeSpan.Zero);
            }

            var end = TimeSpan.Zero;
            for (var index = 0; index < Plugins; index++)
            {
                slots.TryDequeue(out var slot, out var free);
                var finish = free + DurationOf(index);
                end = finish > end ? finish : end;
                slots.Enqueue(slot, finish);
            }

            return end;
        }
    }
}
