using Pipelines.Configuration;
using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>Wires the real ports for a promotion: the host named in the configuration, HTTP probes, the process runner.</summary>
internal static class PromotionComposition
{
    public static PromotionServices Create(PipelinesConfig config, PromoteSettings promote, PromotionSecrets secrets, CommandContext context) =>
        throw new NotImplementedException("wired once the hosts, probes and check runner are merged");
}
