namespace Pipelines.Containers;

/// <summary>An argument the planner refuses, named in one line; nothing has run yet.</summary>
internal sealed class ContainerPlanException(string message) : Exception(message);
