namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>A run did not do what the scenario requires (a gate that did not promote measures nothing).</summary>
public sealed class BenchmarkFailure(string message) : Exception(message);
