namespace Pipelines.Tests.Reliability;

/// <summary>
/// Tests that measure the whole test process (open handles, memory) run alone: other test classes
/// running beside them open and close sockets and files, which is noise to a leak check.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeasurements), DisableParallelization = true)]
public sealed class ProcessWideMeasurements;
