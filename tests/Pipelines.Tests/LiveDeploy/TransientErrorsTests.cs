using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

public sealed class TransientErrorsTests
{
    [Theory]
    [InlineData("operation error EC2: RunInstances, https response error StatusCode: 400, RequestLimitExceeded: Request limit exceeded.")]
    [InlineData("ThrottlingException: Rate exceeded")]
    [InlineData("googleapi: Error 429: Quota exceeded, rateLimitExceeded")]
    [InlineData("Error: GET https://api.digitalocean.com/v2/droplets: 429 Too Many Requests")]
    [InlineData("compute.googleapis.com: googleapi: Error 503: Service Unavailable, backendError")]
    [InlineData("StatusCode=502 -- Original Error: Code=\"ServerBusy\"")]
    [InlineData("Error: HTTP 500 Internal Server Error from provider")]
    [InlineData("dial tcp 52.94.1.1:443: i/o timeout")]
    [InlineData("read tcp 10.0.0.2:51234->52.94.1.1:443: read: connection reset by peer")]
    [InlineData("net/http: TLS handshake timeout")]
    [InlineData("Post \"https://sts.amazonaws.com\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")]
    public void Known_transient_cloud_errors_are_recognised(string line)
    {
        Assert.True(TransientErrors.IsTransient(["Planning...", line]));
    }

    [Theory]
    [InlineData("Error: InvalidParameterValue: instance type t9.nano does not exist")]
    [InlineData("Error: AccessDenied: not authorized to perform ec2:RunInstances")]
    [InlineData("config.yaml:12: unknown field \"instanse_type\"")]
    [InlineData("Error 403: The caller does not have permission, forbidden")]
    [InlineData("validated 500 resources")]
    public void Errors_that_say_the_plugin_is_broken_are_not_transient(string line)
    {
        Assert.False(TransientErrors.IsTransient([line]));
    }

    [Fact]
    public void The_patterns_live_in_one_list()
    {
        Assert.Contains(TransientErrors.Patterns, p => p.Contains("RequestLimitExceeded", StringComparison.Ordinal));
        Assert.Equal(TransientErrors.Patterns.Count, TransientErrors.Patterns.Distinct().Count());
    }
}
