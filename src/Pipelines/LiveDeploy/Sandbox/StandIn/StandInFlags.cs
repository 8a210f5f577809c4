namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>
/// Go <c>flag</c> parsing as wfctl's infra actions use it (fact sheet 2.1, 6.1): <c>-x</c> and
/// <c>--x</c> are the same, <c>-x=v</c> works, parsing stops at the first positional argument
/// (so later flags are ignored), and an unknown flag is an error (exit 1, not Go's usual 2).
/// </summary>
internal sealed class StandInFlags
{
    private static readonly Dictionary<string, (string[] Values, string[] Booleans)> Actions = new(StringComparer.Ordinal)
    {
        // W cmd/wfctl/infra.go:249-268
        ["plan"] = (["c", "config", "format", "f", "output", "o", "env", "include", "plugin-dir"], ["S", "show-sensitive"]),
        // W cmd/wfctl/infra.go:1281-1323
        ["apply"] = (
            ["c", "config", "env", "format", "plan", "owner", "allow-replace", "include", "plugin-dir"],
            ["y", "auto-approve", "S", "show-sensitive", "dry-run", "refresh", "allow-protected-prune", "refresh-outputs", "skip-refresh", "skip-bootstrap", "wait", "force-owner"]),
        // W cmd/wfctl/infra.go:1683-1697
        ["status"] = (["c", "config", "env", "plugin-dir"], []),
        // W cmd/wfctl/infra.go:1763-1781
        ["destroy"] = (["c", "config", "env", "plugin-dir"], ["y", "auto-approve"]),
        // W cmd/wfctl/infra_cleanup.go:56-84
        ["cleanup"] = (["c", "config", "env", "tag", "plugin-dir"], ["dry-run", "fix"]),
        // W cmd/wfctl/infra_owners.go:21-40
        ["owners"] = (["c", "config", "env", "owner", "type", "plugin-dir"], []),
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positional { get; private set; } = [];

    public static bool IsAction(string action) => Actions.ContainsKey(action);

    /// <exception cref="WfctlError">An unknown flag or a missing value.</exception>
    public static StandInFlags Parse(string action, IReadOnlyList<string> arguments, TextWriter stderr)
    {
        var (values, booleans) = Actions[action];
        var flags = new StandInFlags();
        var i = 0;
        for (; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
            {
                i++;
                break;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                break; // the first positional stops parsing
            }

            var name = argument.TrimStart('-');
            string? value = null;
            if (name.IndexOf('=') is var equals and > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (booleans.Contains(name))
            {
                flags._values[name] = value ?? "true";
            }
            else if (values.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= arguments.Count)
                    {
                        stderr.WriteLine($"flag needs an argument: -{name}");
                        throw new WfctlError($"flag needs an argument: -{name}");
                    }

                    value = arguments[++i];
                }

                flags._values[name] = value;
            }
            else
            {
                stderr.WriteLine($"flag provided but not defined: -{name}");
                stderr.WriteLine($"Usage of infra {action}:");
                throw new WfctlError($"flag provided but not defined: -{name}");
            }
        }

        flags.Positional = arguments.Skip(i).ToList();
        return flags;
    }

    public string? Value(string name, string? alias = null) =>
        _values.TryGetValue(name, out var value) || (alias is not null && _values.TryGetValue(alias, out value)) ? value : null;

    public bool Flag(string name, string? alias = null) =>
        string.Equals(Value(name, alias), "true", StringComparison.OrdinalIgnoreCase) || Value(name, alias) == "1";
}
