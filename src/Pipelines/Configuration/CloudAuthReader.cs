using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>
/// Reads <c>live-deploy.auth</c>: per provider, the shape that provider's login needs, or
/// <c>as: other</c> to reuse another provider's credentials (tofu drives another cloud's APIs).
/// </summary>
internal static partial class CloudAuthReader
{
    private const string As = "as";

    private static readonly Dictionary<string, string[]> ShapeKeys = new(StringComparer.Ordinal)
    {
        ["aws"] = ["role-arn", "region"],
        ["gcp"] = ["workload-identity-provider", "service-account", "project"],
        ["azure"] = ["tenant-id", "client-id", "subscription-id"],
        ["digitalocean"] = ["token-env"],
    };

    public static Dictionary<string, CloudAuthSettings> Read(MappingReader section, ReadContext context)
    {
        var auth = new Dictionary<string, CloudAuthSettings>(StringComparer.Ordinal);
        var asValues = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (provider, line, node) in section.OpenEntries("auth"))
        {
            var path = KeyPath.Child(section.PathOf("auth"), provider);
            if (!NameRules.IsPluginName(provider))
            {
                throw new ConfigurationException("is not a provider name (lowercase letters, digits and -)", path, line);
            }

            var (settings, asValue) = ReadOne(provider, node, path, context);
            auth[provider] = settings;
            if (asValue is not null)
            {
                asValues[provider] = asValue;
            }
        }

        RejectBrokenChains(auth, asValues);
        return auth;
    }

    private static (CloudAuthSettings Settings, ConfigValue? As) ReadOne(string provider, YamlNode node, string path, ReadContext context)
    {
        var shape = ShapeKeys.GetValueOrDefault(provider) ?? [];
        var entry = MappingReader.Read(node, path, context, [.. shape, As]);
        if (entry.Text(As) is { } asValue)
        {
            var other = shape.FirstOrDefault(key => entry.Node(key) is not null);
            if (other is not null)
            {
                throw new ConfigurationException("as: reuses another provider's credentials, so nothing else may be set beside it", entry.PathOf(other), entry.Line);
            }

            if (!NameRules.IsPluginName(asValue.Text))
            {
                throw asValue.Error($"{asValue.Display} is not a provider name");
            }

            return (new CloudAuthSettings(provider, As: asValue.Text), asValue);
        }

        var settings = provider switch
        {
            "aws" => new CloudAuthSettings(
                provider,
                RoleArn: Matching(entry, "role-arn", RoleArn(), "an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>"),
                Region: Matching(entry, "region", AwsRegion(), "an AWS region such as us-east-1")),
            "gcp" => new CloudAuthSettings(
                provider,
                WorkloadIdentityProvider: Matching(entry, "workload-identity-provider", WorkloadIdentityProvider(), "projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>"),
                ServiceAccount: Matching(entry, "service-account", ServiceAccount(), "a service account email, <name>@<project>.iam.gserviceaccount.com"),
                Project: entry.Text("project") is null ? null : Matching(entry, "project", GcpProject(), "a project ID: 6-30 lowercase letters, digits and -, starting with a letter")),
            "azure" => new CloudAuthSettings(
                provider,
                TenantId: Matching(entry, "tenant-id", AzureTenant(), "a tenant GUID or domain"),
                ClientId: Matching(entry, "client-id", Guid(), "a GUID"),
                SubscriptionId: Matching(entry, "subscription-id", Guid(), "a GUID")),
            "digitalocean" => new CloudAuthSettings(
                provider,
                TokenEnv: entry.RequiredText("token-env", hint: "the variable holding the DigitalOcean API token").AsEnvironmentVariableName()),
            _ => throw new ConfigurationException(
                $"{provider} has no credentials of its own (those are {string.Join(", ", ShapeKeys.Keys)}); write as: <provider> to use another's",
                entry.PathOf(As),
                entry.Line),
        };
        return (settings, null);
    }

    private static string Matching(MappingReader entry, string key, Regex pattern, string shape)
    {
        var value = entry.RequiredText(key, hint: shape);
        return pattern.IsMatch(value.Text)
            ? value.Text
            : throw value.Error($"{value.Display} is not {shape}");
    }

    /// <summary>
    /// Every <c>as:</c> names a configured provider, and following them ends at one with its own
    /// credentials. Iterative and linear, with what is already known to end well remembered.
    /// </summary>
    private static void RejectBrokenChains(Dictionary<string, CloudAuthSettings> auth, Dictionary<string, ConfigValue> asValues)
    {
        foreach (var asValue in asValues.Values)
        {
            if (!auth.ContainsKey(asValue.Text))
            {
                throw asValue.Error($"{asValue.Display} has no entry under auth (configured: {string.Join(", ", auth.Keys.Take(20))})");
            }
        }

        var endsWell = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (provider, asValue) in asValues)
        {
            var chain = new List<string>();
            var onChain = new HashSet<string>(StringComparer.Ordinal);
            var current = provider;
            while (auth[current].As is { } next && !endsWell.Contains(current))
            {
                if (!onChain.Add(current))
                {
                    var cycle = chain.Skip(chain.IndexOf(current)).Append(current);
                    throw asValue.Error($"as: goes round in a cycle: {string.Join(" -> ", cycle)}");
                }

                chain.Add(current);
                current = next;
            }

            endsWell.UnionWith(chain);
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}\z")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}\z")]
    private static partial Regex AwsRegion();

    [GeneratedRegex(@"^(//iam\.googleapis\.com/)?projects/[^/\s]+/locations/global/workloadIdentityPools/[^/\s]+/providers/[^/\s]+\z")]
    private static partial Regex WorkloadIdentityProvider();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.gserviceaccount\.com\z")]
    private static partial Regex ServiceAccount();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{4,28}[a-z0-9]\z")]
    private static partial Regex GcpProject();

    [GeneratedRegex(@"^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)\z")]
    private static partial Regex AzureTenant();

    [GeneratedRegex(@"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\z")]
    private static partial Regex Guid();
}
