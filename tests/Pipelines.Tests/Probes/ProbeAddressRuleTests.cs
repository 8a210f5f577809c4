using System.Net;
using Pipelines.Probes;

namespace Pipelines.Tests.Probes;

/// <summary>The address and origin rules of the staging probes, without sending anything anywhere.</summary>
public sealed class ProbeAddressRuleTests
{
    [Theory]
    [InlineData("169.254.169.254", true)]
    [InlineData("169.254.170.2", true)]
    [InlineData("169.254.0.1", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("100.100.100.200", true)]
    [InlineData("192.0.0.192", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("169.255.0.1", false)]
    [InlineData("8.8.8.8", false)]
    public void Link_local_and_cloud_metadata_addresses_are_forbidden(string address, bool forbidden) =>
        Assert.Equal(forbidden, ProbeAddressRule.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task A_literal_metadata_host_is_refused_before_any_connection_with_a_message_naming_it()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => ProbeAddressRule.ResolveAllowedAsync("169.254.169.254", CancellationToken.None));

        Assert.Contains("169.254.169.254", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loopback_host_resolves_to_itself()
    {
        Assert.Equal([IPAddress.Loopback], await ProbeAddressRule.ResolveAllowedAsync("127.0.0.1", CancellationToken.None));
    }

    [Theory]
    [InlineData("https://staging.example/version", "https://staging.example/v2/version", true)]
    [InlineData("https://staging.example/version", "https://STAGING.example/version", true)]
    [InlineData("http://staging.example/version", "https://staging.example/version", true)]
    [InlineData("http://127.0.0.1:8080/version", "http://127.0.0.1:8080/x", true)]
    [InlineData("http://127.0.0.1:8080/version", "http://127.0.0.1:9090/secret", false)]
    [InlineData("http://127.0.0.1:8080/version", "https://127.0.0.1/version", false)]
    [InlineData("https://staging.example/version", "https://internal.example/version", false)]
    [InlineData("https://staging.example/version", "http://169.254.169.254/latest/meta-data/", false)]
    [InlineData("https://staging.example/version", "https://staging.example.evil.test/version", false)]
    [InlineData("https://staging.example/version", "ftp://staging.example/version", false)]
    public void Redirects_stay_within_the_configured_origin(string configured, string target, bool allowed) =>
        Assert.Equal(allowed, BoundedRedirectHandler.WithinOrigin(new Uri(configured), new Uri(target)));
}
