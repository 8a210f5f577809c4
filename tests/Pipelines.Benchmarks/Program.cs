using System.Reflection;
using Pipelines.Benchmarks;
using Pipelines.Benchmarks.Infrastructure;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var layout = RepositoryLayout.Find();
var configuration = RepositoryLayout.ConfigurationOf(Assembly.GetExecutingAssembly());
try
{
    var directory = Path.GetFullPath(options.OutDirectory);
    var results = await new BenchmarkSuite(layout, configuration, Console.Out).RunAsync(options, directory, cancel.Token);
    await results.WriteAsync(directory, cancel.Token);
    Console.WriteLine($"\nResults: {Path.Combine(directory, "results.md")} and results.json");
    Console.WriteLine(results.Markdown());
    return 0;
}
catch (BenchmarkFailure e)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 1;
}
