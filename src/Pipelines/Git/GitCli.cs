using System.Text;
using Pipelines.Execution;
using Pipelines.GitHub;
using Pipelines.Security;

namespace Pipelines.Git;

/// <summary>
/// <see cref="IGit"/> over the <c>git</c> program. Git gets a minimal environment (PATH, HOME,
/// no prompts, the C locale) and never a caller's token variables; a repository path is used as
/// it is, never a repository git would find in a parent directory.
/// </summary>
public sealed class GitCli : IGit
{
    private const string ReflogMessage = "pipelines";

    private readonly IProcessRunner _runner;
    private readonly GitCliOptions _options;
    private readonly ProcessEnvironment _environment;

    /// <param name="callerEnvironment">Where PATH and HOME come from; this process's environment when null.</param>
    public GitCli(IProcessRunner runner, IEnumerable<KeyValuePair<string, string>>? callerEnvironment = null, GitCliOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _options = options ?? GitCliOptions.Default;
        _environment = ProcessEnvironment.Isolated(callerEnvironment ?? ProcessEnvironment.CaptureCurrent())
            .PassThrough("PATH", "HOME")
            .With("GIT_TERMINAL_PROMPT", "0")
            .With("LC_ALL", "C");
    }

    public async Task<string?> ResolveBranchAsync(string repository, string branch, CancellationToken cancellationToken = default)
    {
        GitNames.ThrowIfInvalidBranch(branch, nameof(branch));
        var run = await RunInAsync(repository, ["rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}"], cancellationToken)
            .ConfigureAwait(false);
        return run.ExitCode switch
        {
            0 => run.SingleSha(),
            1 => null,
            _ => throw run.Failure(),
        };
    }

    public async Task<bool> IsAncestorAsync(string repository, string ancestorSha, string descendantSha, CancellationToken cancellationToken = default)
    {
        GitNames.ThrowIfInvalidSha(ancestorSha, nameof(ancestorSha));
        GitNames.ThrowIfInvalidSha(descendantSha, nameof(descendantSha));
        var run = await RunInAsync(repository, ["merge-base", "--is-ancestor", ancestorSha, descendantSha], cancellationToken)
            .ConfigureAwait(false);
        return run.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw run.Failure(),
        };
    }

    public async Task<CommitRelation> CompareAsync(string repository, string baseSha, string headSha, CancellationToken cancellationToken = default)
    {
        // The first question also proves both commits exist, even when they are the same.
        if (await IsAncestorAsync(repository, baseSha, headSha, cancellationToken).ConfigureAwait(false))
        {
            return baseSha == headSha ? CommitRelation.Identical : CommitRelation.Ahead;
        }

        return await IsAncestorAsync(repository, headSha, baseSha, cancellationToken).ConfigureAwait(false)
            ? CommitRelation.Behind
            : CommitRelation.Diverged;
    }

    public async Task<BranchSwap> SwapBranchAsync(
        string repository, string branch, string? expectedSha, string newSha, CancellationToken cancellationToken = default)
    {
        GitNames.ThrowIfInvalidBranch(branch, nameof(branch));
        GitNames.ThrowIfInvalidSha(newSha, nameof(newSha));
        if (expectedSha is not null)
        {
            GitNames.ThrowIfInvalidSha(expectedSha, nameof(expectedSha));
        }

        var old = expectedSha ?? GitNames.ZeroShaLike(newSha);
        var run = await RunInAsync(repository, ["update-ref", "-m", ReflogMessage, $"refs/heads/{branch}", newSha, old], cancellationToken)
            .ConfigureAwait(false);
        return run.ExitCode == 0
            ? new BranchSwap(true, newSha)
            : await ExplainRefusalAsync(repository, branch, expectedSha, run, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BranchSwap> DeleteBranchAsync(string repository, string branch, string expectedSha, CancellationToken cancellationToken = default)
    {
        GitNames.ThrowIfInvalidBranch(branch, nameof(branch));
        GitNames.ThrowIfInvalidSha(expectedSha, nameof(expectedSha));
        var run = await RunInAsync(repository, ["update-ref", "-m", ReflogMessage, "-d", $"refs/heads/{branch}", expectedSha], cancellationToken)
            .ConfigureAwait(false);
        return run.ExitCode == 0
            ? new BranchSwap(true, null)
            : await ExplainRefusalAsync(repository, branch, expectedSha, run, cancellationToken).ConfigureAwait(false);
    }

    public async Task CloneShallowAsync(string url, string gitRef, string directory, Secret? token, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidCloneUrl(url);
        GitNames.ThrowIfInvalidBranch(gitRef, nameof(gitRef));
        ThrowIfNotFullyQualified(directory, nameof(directory));

        var secrets = new List<Secret>();
        var environment = _environment;
        // A credential helper from the user's config must neither answer for us nor store anything.
        var config = new List<(string Key, string Value)> { ("credential.helper", string.Empty) };
        if (token is { IsEmpty: false })
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token.Reveal()}"));
            secrets.Add(token);
            secrets.Add(new Secret(token.Name + "_BASIC", basic));
            config.Add(("http.extraHeader", $"Authorization: Basic {basic}"));
            // A redirect would carry the header to another host.
            config.Add(("http.followRedirects", "false"));
        }

        environment = environment.With("GIT_CONFIG_COUNT", config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < config.Count; i++)
        {
            environment = environment
                .With($"GIT_CONFIG_KEY_{i}", config[i].Key)
                .With($"GIT_CONFIG_VALUE_{i}", config[i].Value);
        }

        var run = await RunAsync(
                workingDirectory: null,
                environment,
                _options.CloneTimeout,
                ["clone", "--depth", "1", "--branch", gitRef, "--", url, directory],
                new SecretRedactor(secrets),
                cancellationToken)
            .ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw run.Failure();
        }
    }

    public async Task<string> GetHeadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var run = await RunInAsync(directory, ["rev-parse", "--verify", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false);
        return run.ExitCode == 0 ? run.SingleSha() : throw run.Failure();
    }

    // A refused update-ref either lost the race (the branch is elsewhere: an answer, not an
    // error) or failed for another reason (a lock file, a missing object): reading the branch
    // again tells which, without parsing git's messages.
    private async Task<BranchSwap> ExplainRefusalAsync(
        string repository, string branch, string? expectedSha, GitRun refused, CancellationToken cancellationToken)
    {
        var current = await ResolveBranchAsync(repository, branch, cancellationToken).ConfigureAwait(false);
        return current != expectedSha ? new BranchSwap(false, current) : throw refused.Failure();
    }

    private Task<GitRun> RunInAsync(string repository, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ThrowIfNotFullyQualified(repository, nameof(repository));
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository));
        var environment = Path.GetDirectoryName(path) is { Length: > 0 } parent
            ? _environment.With("GIT_CEILING_DIRECTORIES", parent)
            : _environment;
        return RunAsync(path, environment, _options.Timeout, arguments, SecretRedactor.None, cancellationToken);
    }

    private async Task<GitRun> RunAsync(
        string? workingDirectory,
        ProcessEnvironment environment,
        TimeSpan timeout,
        IReadOnlyList<string> arguments,
        SecretRedactor redactor,
        CancellationToken cancellationToken)
    {
        var command = new ProcessCommand(_options.Executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironment(environment)
            .WithTimeout(timeout)
            .WithTailLines(20);
        var standardOutput = new List<string>();
        var result = await _runner.RunAsync(
                command,
                line =>
                {
                    if (line.Stream == OutputStream.StandardOutput)
                    {
                        standardOutput.Add(line.Text);
                    }
                },
                cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var tail = result.OutputTail.Select(redactor.Redact).ToArray();
        var run = new GitRun(command.ToString(), result.ExitCode, standardOutput, tail);
        return result.Termination == ProcessTermination.Exited ? run : throw run.Failure(result.Describe());
    }

    private static void ThrowIfInvalidCloneUrl(string url)
    {
        // The URL is not echoed: it is untrusted and could carry a credential.
        if (string.IsNullOrEmpty(url) || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http" or "file"))
        {
            throw new ArgumentException("The clone URL must be an absolute https, http or file URL.", nameof(url));
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException("The clone URL must not carry credentials; pass a token instead.", nameof(url));
        }
    }

    private static void ThrowIfNotFullyQualified(string path, string parameter)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"'{GitNames.Printable(path)}' is not an absolute path", parameter);
        }
    }

    private sealed record GitRun(string Command, int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> Tail)
    {
        public GitException Failure(string? problem = null) => new(Command, problem ?? $"exit code {ExitCode}", Tail);

        public string SingleSha()
        {
            var sha = StandardOutput.Count == 1 ? StandardOutput[0].Trim() : null;
            return GitNames.IsValidSha(sha) ? sha! : throw Failure("unexpected output (expected one commit SHA)");
        }
    }
}
