using System.Text;
using System.Text.RegularExpressions;
using Pipelines.Execution;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.Fetch;

/// <summary>
/// <c>git clone --depth 1 --branch REF -- URL DIR</c>, then <c>git rev-parse HEAD</c>. A token
/// travels as an <c>http.extraHeader</c> set through <c>GIT_CONFIG_COUNT</c> variables: it is
/// never on the command line (visible in process lists), in the URL (kept in the clone's
/// <c>.git/config</c> and printed in errors), or in a log. git's environment is minimal. The token
/// goes only to the configured GitHub host (<see cref="GitTokenScope"/>) and never across a
/// redirect: after a redirected first request git sends every later request, extra header
/// included, straight to the host the redirect named.
/// </summary>
public sealed partial class GitPluginCheckout(IProcessRunner runner, IReadOnlyDictionary<string, string> callerEnvironment, TimeSpan timeout) : IPluginCheckout
{
    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?\\z")]
    private static partial Regex Sha();

    /// <summary>The configured <c>github.api-url</c>: the token is sent only to its git host.</summary>
    public Uri GitHubApiUrl { get; init; } = Configuration.GitHubSettings.DefaultApiUrl;

    public async Task<PluginCheckout> FetchAsync(string cloneUrl, string gitRef, string directory, Secret? token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cloneUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(gitRef);
        if (gitRef.StartsWith('-'))
        {
            throw new PluginFetchException($"ref '{gitRef}' must not start with '-'", []);
        }

        var environment = MinimalEnvironment();
        if (token is not null && GitTokenScope.Allows(GitHubApiUrl, cloneUrl))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token.Reveal()));
            environment["GIT_CONFIG_COUNT"] = "2";
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            environment["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic;
            environment["GIT_CONFIG_KEY_1"] = "http.followRedirects";
            environment["GIT_CONFIG_VALUE_1"] = "false";
        }

        var redactor = new SecretRedactor(token is null ? [] : [token, new Secret("basic", environment.GetValueOrDefault("GIT_CONFIG_VALUE_0") ?? string.Empty)]);
        var clone = new ProcessCommand("git")
            .WithArguments("clone", "--quiet", "--depth", "1", "--branch", gitRef, "--", cloneUrl, directory)
            .WithEnvironment(environment)
            .WithTimeout(timeout);
        var cloned = await runner.RunAsync(clone, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!cloned.Succeeded)
        {
            throw new PluginFetchException($"git clone of {redactor.Redact(cloneUrl)} at {gitRef} failed: {cloned.Describe()}", cloned.OutputTail.Select(redactor.Redact).ToList());
        }

        var lines = new List<string>();
        var revParse = new ProcessCommand("git")
            .WithArguments("rev-parse", "HEAD")
            .WithWorkingDirectory(directory)
            .WithEnvironment(MinimalEnvironment())
            .WithTimeout(TimeSpan.FromSeconds(30));
        var parsed = await runner.RunAsync(revParse, line => { if (line.Stream == OutputStream.StandardOutput) lines.Add(line.Text); }, cancellationToken).ConfigureAwait(false);
        var commit = lines.LastOrDefault()?.Trim();
        if (!parsed.Succeeded || commit is null || !Sha().IsMatch(commit))
        {
            throw new PluginFetchException($"git rev-parse HEAD in the clone of {redactor.Redact(cloneUrl)} failed: {parsed.Describe()}", parsed.OutputTail);
        }

        return new PluginCheckout(directory, commit);
    }

    private Dictionary<string, string> MinimalEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_TERMINAL_PROMPT"] = "0" };
        foreach (var name in (string[])["PATH", "HOME"])
        {
            if (callerEnvironment.TryGetValue(name, out var value))
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
