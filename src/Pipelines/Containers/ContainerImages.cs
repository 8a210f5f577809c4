namespace Pipelines.Containers;

/// <summary>
/// The images the module runs in. One place to pin them: change a tag to a digest
/// (<c>name:tag@sha256:…</c>) here and every function follows.
/// </summary>
/// <param name="DotnetSdk">Builds the CLI (<c>dotnet publish</c>) and provides the SDK for the test suite.</param>
/// <param name="Runtime">
/// Runs the published, self-contained CLI for everything but the checks: Debian with git and CA
/// certificates, because live-deploy clones plugin repositories and the local host drives git.
/// </param>
/// <param name="Runner">The default toolchain for the gate's checks: Node for JavaScript E2E suites (it also has git).</param>
internal sealed record ContainerImages(string DotnetSdk, string Runtime, string Runner)
{
    public static ContainerImages Default { get; } = new(
        DotnetSdk: "mcr.microsoft.com/dotnet/sdk:10.0",
        Runtime: "docker.io/library/buildpack-deps:bookworm-scm",
        Runner: "docker.io/library/node:24-bookworm");
}
