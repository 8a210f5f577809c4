namespace Pipelines.Configuration;

internal static class HostKinds
{
    public static HostKind Read(MappingReader section) =>
        section.Text("host")?.AsChoice(("github", HostKind.GitHub), ("local", HostKind.Local)) ?? HostKind.GitHub;
}
