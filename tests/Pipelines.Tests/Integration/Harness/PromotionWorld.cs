using Pipelines.Commands;
using Pipelines.Reporting;
using Pipelines.Security;
using Pipelines.Testing.Cli;
using Pipelines.Testing.Git;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>
/// What every scenario world shares: a temp directory holding the generated config, the base
/// environment, and the run methods, which run the real <see cref="PromoteCommand"/> (in-process
/// or as the CLI process), collect everything it wrote, and check the promotion invariants.
/// </summary>
public abstract class PromotionWorld : IAsyncDisposable
{
    protected PromotionWorld()
    {
        Directory.CreateDirectory(Root.Combine("home"));
        Environment = InProcess.BaseEnvironment(Root.Combine("home"));
    }

    public TempDirectory Root { get; } = new("pipelines-it");

    /// <summary>
    /// Short GitHub read retries (3 attempts, 10-50 ms) and a short re-read budget after a failed
    /// write (4 reads, 20-100 ms) for in-process runs: scenarios whose subject is reads that keep failing.
    /// </summary>
    public bool FastRetries { get; set; }

    public string ConfigPath => Root.Combine("pipelines.yaml");

    public string ReportPath => Root.Combine("report.json");

    public string SummaryPath => Root.Combine("summary.md");

    public required ConfigSpec Config { get; set; }

    /// <summary>The environment every run gets (tokens included); a run may add to it.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>Token values the world handed out: none may show anywhere.</summary>
    protected abstract IEnumerable<Secret> WorldSecrets { get; }

    /// <summary>Starts watching the host; the function ends the observation.</summary>
    protected abstract Func<ObservedWorld> BeginObservation();

    /// <summary>
    /// Runs <c>pipelines promote</c> in-process (report and summary written into the world unless
    /// the options say otherwise), then asserts the invariants, except those listed.
    /// </summary>
    public async Task<ScenarioRun> PromoteAsync(
        PromoteOptions? options = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeProvider? time = null,
        params PromotionInvariant[] except)
    {
        options ??= new PromoteOptions();
        options = options with
        {
            ConfigPath = options.ConfigPath == new PromoteOptions().ConfigPath ? ConfigPath : options.ConfigPath,
            ReportPath = options.ReportPath ?? ReportPath,
            SummaryPath = options.SummaryPath ?? SummaryPath,
        };
        var env = Merge(environment);
        Prepare(options.ReportPath, options.SummaryPath);
        var observation = BeginObservation();
        var run = await InProcess.RunAsync(context => CreateCommand(context).RunAsync(options, CancellationToken.None), env, Root.Path, time);
        return Finish(run.ExitCode, run.Stdout, run.Stderr, run.Exception, options.ReportPath, options.SummaryPath, env, observation, except);
    }

    private PromoteCommand CreateCommand(CommandContext context) => FastRetries
        ? new PromoteCommand(context)
        {
            ConfigureGitHubClient = o => o.WithRetry(new Pipelines.GitHub.GitHubRetryOptions(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50))),
            Reconcile = new Pipelines.Promotion.ReconcileBudget(4, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
        }
        : new PromoteCommand(context);

    /// <summary>Runs the real CLI: <c>pipelines promote --config C --report R --summary S ARGS</c>, then asserts the invariants.</summary>
    public Task<ScenarioRun> PromoteWithCliAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        params PromotionInvariant[] except) =>
        PromoteWithCliAsync(arguments, environment, whileRunning: null, except);

    /// <summary>
    /// As above, with <paramref name="whileRunning"/> called once the process started: it may wait
    /// for a line of output and <see cref="CliProcess.Kill"/> the process there (a crash point).
    /// A killed run has exit code null and usually no report.
    /// </summary>
    public async Task<ScenarioRun> PromoteWithCliAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        Func<CliProcess, Task>? whileRunning,
        params PromotionInvariant[] except)
    {
        var env = Merge(environment);
        Prepare(ReportPath, SummaryPath);
        var observation = BeginObservation();
        await using var cli = CliProcess.Start(
            ["promote", "--config", ConfigPath, "--report", ReportPath, "--summary", SummaryPath, .. arguments], env, Root.Path);
        if (whileRunning is not null)
        {
            await whileRunning(cli);
        }

        var result = await cli.WaitAsync(TimeSpan.FromMinutes(2));
        return Finish(result.ExitCode, result.StandardOutput, result.StandardError, null, ReportPath, SummaryPath, env, observation, except);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await DisposeHostAsync();
        Root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeHostAsync();

    /// <summary>Writes the config as it stands now.</summary>
    public void WriteConfig() => File.WriteAllText(ConfigPath, Config.ToYaml());

    /// <summary>Adds variables to <see cref="Environment"/> (every later run gets them).</summary>
    public void WithEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables)
        {
            Environment[name] = value;
        }
    }

    /// <summary>Changes the config and writes it (for a test that then starts the CLI itself).</summary>
    public void WithConfig(Func<ConfigSpec, ConfigSpec> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Config = change(Config);
        WriteConfig();
    }

    private Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? environment)
    {
        var env = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        return env;
    }

    private void Prepare(string? reportPath, string? summaryPath)
    {
        WriteConfig();
        foreach (var path in (string?[])[reportPath, summaryPath])
        {
            if (path is not null && File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    private ScenarioRun Finish(
        int? exitCode,
        string stdout,
        string stderr,
        Exception? exception,
        string? reportPath,
        string? summaryPath,
        IReadOnlyDictionary<string, string> env,
        Func<ObservedWorld> observation,
        PromotionInvariant[] except)
    {
        var reportJson = ReadIfExists(reportPath);
        var summary = ReadIfExists(summaryPath);
        var others = new Dictionary<string, string>();
        foreach (var variable in (string[])["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"])
        {
            if (env.TryGetValue(variable, out var path) && ReadIfExists(path) is { } text)
            {
                others[variable] = text;
            }
        }

        var result = new PromotionScenarioResult
        {
            ExitCode = exitCode,
            ReportJson = reportJson,
            StandardOutput = stdout,
            StandardError = stderr,
            Summary = summary,
            OtherOutputs = others,
            ExceptionMessages = exception is null ? [] : [exception.ToString()],
            Secrets = [.. WorldSecrets, .. SecretLookingVariables(env)],
            World = observation(),
        };
        var run = new ScenarioRun(exitCode, stdout, stderr, result.EffectiveReport, reportJson, summary, result);
        if (exception is not null)
        {
            throw new Xunit.Sdk.XunitException($"the command threw instead of answering with an exit code: {exception}\n{run}");
        }

        try
        {
            PromotionInvariants.AssertHolds(result, except);
        }
        catch (InvariantViolationException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{run}");
        }

        return run;
    }

    // Anything a test names like a credential is one, for the leak check.
    private static IEnumerable<Secret> SecretLookingVariables(IReadOnlyDictionary<string, string> env) =>
        env.Where(e => e.Value.Length >= 8 && (e.Key.Contains("TOKEN", StringComparison.Ordinal) || e.Key.Contains("PASSWORD", StringComparison.Ordinal) || e.Key.Contains("SECRET", StringComparison.Ordinal)))
            .Select(e => new Secret(e.Key, e.Value));

    private static string? ReadIfExists(string? path) => path is not null && File.Exists(path) ? File.ReadAllText(path) : null;
}
