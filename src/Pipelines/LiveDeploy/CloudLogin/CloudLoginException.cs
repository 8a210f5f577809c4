namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>A cloud login that failed; the message names the provider and step, never a credential.</summary>
public sealed class CloudLoginException(string message, Exception? inner = null) : Exception(message, inner);
