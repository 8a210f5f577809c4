namespace Pipelines.Commands;

/// <summary>Bad input at the edge (a flag, an environment variable): exit 2, nothing contacted.</summary>
public sealed class UsageException(string message) : Exception(message);
