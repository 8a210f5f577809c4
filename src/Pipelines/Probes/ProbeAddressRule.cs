using System.Net;
using System.Net.Sockets;

namespace Pipelines.Probes;

/// <summary>
/// Addresses a staging probe never connects to, whatever a URL or a DNS answer says: link-local
/// ranges (where every cloud serves instance metadata and credentials: 169.254.169.254,
/// fd00:ec2::254 on AWS's IPv6) and the metadata addresses outside them (Alibaba's
/// 100.100.100.200, Oracle's 192.0.0.192). Loopback and private ranges stay allowed: staging
/// services legitimately live there, and the tests run on 127.0.0.1.
/// </summary>
public static class ProbeAddressRule
{
    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("192.0.0.192"),
    ];

    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (Metadata.Contains(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 169 && bytes[1] == 254;
        }

        return address.IsIPv6LinkLocal;
    }

    /// <summary>Resolves <paramref name="host"/> and refuses it when any of its addresses is forbidden (a mixed answer is not a choice).</summary>
    /// <exception cref="HttpRequestException">The host is, or resolves to, a forbidden address.</exception>
    public static async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Any(IsForbidden))
        {
            throw new HttpRequestException($"refused to connect to {host}: it is a link-local or cloud metadata address");
        }

        return addresses;
    }
}
