using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipelines.Tests.GitHub.Contract;

/// <summary>
/// Sits between the client and Prism. It records each exchange (Prism's status and its
/// <c>sl-violations</c> header, which lists every way a request broke the contract), checks
/// that the client asked for <c>application/vnd.github+json</c>, and then asks Prism for
/// <c>application/json</c>: GitHub's description declares only that media type, so Prism
/// would answer GitHub's own recommended header with 406.
/// </summary>
internal sealed class ContractRecordingHandler : DelegatingHandler
{
    private readonly List<ContractExchange> _exchanges = [];

    public ContractRecordingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<ContractExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToArray();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var accept = request.Headers.Accept.ToString();
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await base.SendAsync(request, cancellationToken);
        var violations = response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(" ", values) : null;
        lock (_exchanges)
        {
            _exchanges.Add(new ContractExchange(request.Method.Method, request.RequestUri!.PathAndQuery, accept, (int)response.StatusCode, violations));
        }

        return response;
    }
}

internal sealed record ContractExchange(string Method, string PathAndQuery, string AcceptSent, int Status, string? Violations)
{
    /// <summary>
    /// Violations located in the request. Prism also lists places where GitHub's own example
    /// responses break GitHub's schema (e.g. <c>requested_teams[].type</c>); those are not ours.
    /// </summary>
    public IReadOnlyList<string> RequestViolations =>
        Violations is null
            ? []
            : JsonDocument.Parse(Violations).RootElement.EnumerateArray()
                .Where(v => v.GetProperty("location")[0].GetString() == "request")
                .Select(v => v.GetRawText())
                .ToArray();
}
