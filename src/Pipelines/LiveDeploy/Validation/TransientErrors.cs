using System.Text.RegularExpressions;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// The one list of cloud errors that say "try again" rather than "this plugin is broken":
/// throttling, 5xx from the provider, and timeouts or resets talking to its API. A validation
/// whose output matches one is retried once before it counts.
/// </summary>
public static class TransientErrors
{
    /// <summary>Each pattern is matched case-insensitively against every output line.</summary>
    public static IReadOnlyList<string> Patterns { get; } =
    [
        // Throttling and rate limits (AWS, GCP, Azure, DigitalOcean).
        @"\bthrottl(ed|ing)\b",
        @"\bRequestLimitExceeded\b",
        @"\bRate exceeded\b",
        @"\bTooManyRequests\b",
        @"\brateLimitExceeded\b",
        @"\bSlowDown\b",
        @"\b(status( code)?|http|statuscode)\W{0,3}429\b",
        @"\b429 Too Many Requests\b",
        // 5xx and "try later" answers from the provider.
        @"\b(status( code)?|http|statuscode)\W{0,3}5(00|02|03|04)\b",
        @"\b(500 Internal Server Error|502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b",
        @"\b(InternalError|InternalFailure|ServiceUnavailable|ServerBusy|backendError)\b",
        // Network trouble talking to the API.
        @"\bi/o timeout\b",
        @"\bconnection reset by peer\b",
        @"\bconnection reset\b",
        @"\bTLS handshake timeout\b",
        @"\bClient\.Timeout exceeded\b",
        @"\bcontext deadline exceeded\b",
        @"\btemporary failure in name resolution\b",
        @"\bunexpected EOF\b",
    ];

    private static readonly Regex[] Compiled = Patterns
        .Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        .ToArray();

    /// <summary>The first pattern any line matches, or null when the failure is not transient.</summary>
    public static string? Match(IEnumerable<string> outputLines)
    {
        foreach (var line in outputLines)
        {
            foreach (var pattern in Compiled)
            {
                if (pattern.IsMatch(line))
                {
                    return pattern.ToString();
                }
            }
        }

        return null;
    }

    public static bool IsTransient(IEnumerable<string> outputLines) => Match(outputLines) is not null;
}
