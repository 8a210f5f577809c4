using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.GitHub;
using Pipelines.GitHub.Http;
using Pipelines.Security;

namespace Pipelines.Tests.GitHub.Contract;

/// <summary>
/// Every GraphQL request the client sends, validated against GitHub's public schema (npm
/// <c>@octokit/graphql-schema</c>, pinned in tests/contract) by tests/contract/validate-graphql.mjs:
/// the document with the package's <c>validate(query)</c>, the variables against the document's
/// variable definitions. The requests are the client's real bytes, captured at the HTTP boundary.
/// </summary>
public sealed class GitHubGraphQLContractTests : IDisposable
{
    private const string Sha = "aa218f56b14c9653891f9e74264a383fa43fefbd";
    private static readonly RepositoryId Repo = new("octocat", "Hello-World");

    private readonly CapturingGraphQLHandler _handler = new();
    private readonly GitHubClientFactory _factory;
    private readonly IGitHubClient _client;
    private readonly string _requestsFile = Path.Combine(Path.GetTempPath(), $"graphql-requests-{Guid.NewGuid():N}.json");

    public GitHubGraphQLContractTests()
    {
        _factory = new GitHubClientFactory(
            new GitHubClientOptions { ApiUrl = new Uri("http://127.0.0.1:9/"), Retry = GitHubRetryOptions.None },
            _handler);
        _client = _factory.Create(new Secret("GITHUB_TOKEN", "ghp_contractTestToken0123"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _handler.Dispose();
        File.Delete(_requestsFile);
    }

    [Fact]
    public async Task Every_updateRefs_request_the_client_sends_is_valid_for_GitHubs_schema()
    {
        // Each shape a rollback sends: a compare-and-swap move back, a delete of a seeded branch, a forced move.
        await _client.UpdateRefsAsync(Repo, "R_kgDOcontract", [new RefUpdate("prod", Sha, "1111111111111111111111111111111111111111", Force: true)]);
        await _client.UpdateRefsAsync(Repo, "R_kgDOcontract", [new RefUpdate("prod", Sha, AfterSha: null, Force: true)]);
        await _client.UpdateRefsAsync(Repo, "R_kgDOcontract", [new RefUpdate("prod", BeforeSha: null, Sha, Force: false), new RefUpdate("main", Sha, Sha, Force: false)]);

        var (exitCode, lines) = await ValidateAsync(_handler.Bodies.Select((body, i) => Request($"sent {i + 1}", body)));

        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Empty(line["errors"]!.AsArray()));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Every_GraphQL_document_the_client_holds_is_sent_and_valid()
    {
        // A new document added to the client without a request in the test above fails here.
        var documents = typeof(OctokitGitHubClient).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (Name: f.Name, Text: (string)f.GetRawConstantValue()!))
            .Where(d => d.Text.StartsWith("mutation ", StringComparison.Ordinal) || d.Text.StartsWith("query ", StringComparison.Ordinal))
            .ToList();
        await _client.UpdateRefsAsync(Repo, "R_kgDOcontract", [new RefUpdate("prod", Sha, AfterSha: null, Force: true)]);

        var (exitCode, lines) = await ValidateAsync(documents.Select(d => new JsonObject { ["name"] = d.Name, ["query"] = d.Text, ["variables"] = null }));

        Assert.Contains(documents, d => d.Name == nameof(OctokitGitHubClient.UpdateRefsMutation));
        Assert.All(documents, d => Assert.Contains(_handler.Bodies, body => JsonNode.Parse(body)!["query"]!.GetValue<string>() == d.Text));
        Assert.True(exitCode == 0, string.Join('\n', lines.Select(l => l.ToJsonString())));
    }

    [Fact]
    public async Task The_validator_rejects_a_field_GitHub_does_not_have_and_variables_of_the_wrong_shape()
    {
        // Proves the check can fail: a payload field updateRefs lacks, and a ref update without afterOid.
        var badDocument = OctokitGitHubClient.UpdateRefsMutation.Replace("clientMutationId", "ref", StringComparison.Ordinal);
        var badVariables = new JsonObject
        {
            ["repositoryId"] = "R_kgDOcontract",
            ["refUpdates"] = new JsonArray(new JsonObject { ["name"] = "refs/heads/prod", ["sha"] = Sha }),
        };

        var (exitCode, lines) = await ValidateAsync(
        [
            new JsonObject { ["name"] = "bad document", ["query"] = badDocument, ["variables"] = null },
            new JsonObject { ["name"] = "bad variables", ["query"] = OctokitGitHubClient.UpdateRefsMutation, ["variables"] = badVariables },
        ]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Cannot query field \"ref\" on type \"UpdateRefsPayload\"", Errors(lines[0]), StringComparison.Ordinal);
        Assert.Contains("afterOid", Errors(lines[1]), StringComparison.Ordinal);
    }

    private static string Errors(JsonNode line) => string.Join('\n', line["errors"]!.AsArray().Select(e => e!.GetValue<string>()));

    private static JsonObject Request(string name, string body)
    {
        var sent = JsonNode.Parse(body)!.AsObject();
        return new JsonObject { ["name"] = name, ["query"] = sent["query"]!.DeepClone(), ["variables"] = sent["variables"]?.DeepClone() };
    }

    private async Task<(int ExitCode, List<JsonNode> Lines)> ValidateAsync(IEnumerable<JsonObject> requests)
    {
        await ContractPackages.EnsureInstalledAsync();
        await File.WriteAllTextAsync(_requestsFile, new JsonArray([.. requests]).ToJsonString());
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ContractPackages.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate-graphql.mjs");
        start.ArgumentList.Add(_requestsFile);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode is 0 or 1, $"validate-graphql.mjs failed (exit {node.ExitCode}): {await stderr}");
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        return (node.ExitCode, lines);
    }

    /// <summary>Answers every GraphQL POST as GitHub does when updateRefs applied, keeping the bodies sent.</summary>
    private sealed class CapturingGraphQLHandler : HttpMessageHandler
    {
        private readonly List<string> _bodies = [];

        public IReadOnlyList<string> Bodies
        {
            get
            {
                lock (_bodies)
                {
                    return _bodies.ToArray();
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal((HttpMethod.Post, "/graphql"), (request.Method, request.RequestUri!.AbsolutePath));
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (_bodies)
            {
                _bodies.Add(body);
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"data":{"updateRefs":{"clientMutationId":null}}}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
