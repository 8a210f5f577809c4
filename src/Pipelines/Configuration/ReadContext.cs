namespace Pipelines.Configuration;

/// <summary>What every section reader needs: the environment, the directory relative paths are
/// resolved against, and a record of each variable expanded and where.</summary>
internal sealed class ReadContext(IReadOnlyDictionary<string, string> environment, string configDirectory)
{
    private readonly List<VariableReference> _references = [];

    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    public string ConfigDirectory { get; } = configDirectory;

    public IReadOnlyList<VariableReference> References => _references;

    public void Referenced(string variable, string key, int line) => _references.Add(new VariableReference(variable, key, line));
}

internal readonly record struct VariableReference(string Variable, string Key, int Line);
