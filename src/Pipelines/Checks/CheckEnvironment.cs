using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Security;

namespace Pipelines.Checks;

/// <summary>
/// Builds the complete environment of a check: the caller's variables minus every withheld variable
/// (the token variables the configuration names and every variable from <c>--secrets-file</c>),
/// plus the check's <c>env</c>, plus the caller's variables it lists in <c>pass-env</c>.
/// <c>pass-env</c> is the only way a token or a secrets-file value reaches a check.
/// </summary>
public sealed class CheckEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _caller;
    private readonly ProcessEnvironment _withoutTokens;

    /// <param name="callerEnvironment">A snapshot of the caller's environment.</param>
    /// <param name="tokenVariables">Names of the variables holding secrets: <c>token-env</c>, every <c>push-token-env</c>, every <c>--secrets-file</c> name.</param>
    public CheckEnvironment(IReadOnlyDictionary<string, string> callerEnvironment, IEnumerable<string> tokenVariables)
    {
        ArgumentNullException.ThrowIfNull(callerEnvironment);
        ArgumentNullException.ThrowIfNull(tokenVariables);
        _caller = callerEnvironment;
        TokenVariables = tokenVariables.ToImmutableHashSet(StringComparer.Ordinal);
        _withoutTokens = ProcessEnvironment.Inherit(callerEnvironment).Without(TokenVariables);
    }

    public ImmutableHashSet<string> TokenVariables { get; }

    /// <summary>The values of the token variables the caller has set, for redaction.</summary>
    public IEnumerable<Secret> TokenValues =>
        TokenVariables
            .Where(name => _caller.TryGetValue(name, out var value) && value.Length > 0)
            .Select(name => new Secret(name, _caller[name]));

    /// <summary>The environment the check's process sees, and nothing else.</summary>
    /// <exception cref="ConfigurationException">A <c>pass-env</c> variable is not set in the caller's environment.</exception>
    public ImmutableDictionary<string, string> For(CheckSettings check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var missing = check.PassEnv.FirstOrDefault(name => !_caller.ContainsKey(name));
        if (missing is not null)
        {
            throw new ConfigurationException(
                $"check '{check.Name}' passes through {missing}, which is not set in the caller's environment",
                $"promote.checks.{check.Name}.pass-env");
        }

        return _withoutTokens.With(check.Env).PassThrough(check.PassEnv).Variables;
    }
}
