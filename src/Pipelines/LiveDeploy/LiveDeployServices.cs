using Pipelines.Execution;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Fetch;
using Pipelines.LiveDeploy.Registry;

namespace Pipelines.LiveDeploy;

/// <summary>The ports a live-deploy run works through.</summary>
/// <param name="Processes">Runs git and wfctl (the real ProcessRunner; tests may pass their own).</param>
/// <param name="Registry">GitHub or local (see <see cref="RegistryHosts"/>).</param>
public sealed record LiveDeployServices(IProcessRunner Processes, IRegistryHost Registry, TimeProvider Time)
{
    /// <summary>Endpoints and HTTP handler for the OIDC request and the cloud logins.</summary>
    public CloudLoginOptions CloudLogin { get; init; } = CloudLoginOptions.Default;

    /// <summary>Null: the logins of <see cref="CloudLogins"/> over <see cref="CloudLogin"/>.</summary>
    public ICloudLoginSelector? Logins { get; init; }

    /// <summary>Null: a shallow <c>git clone</c> through <see cref="Processes"/>.</summary>
    public IPluginCheckout? Checkout { get; init; }

    public TimeSpan CloneTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Downloads plugin releases; null: a client of its own (redirects only within https).</summary>
    public HttpClient? Downloads { get; init; }

    public LiveDeployServices WithCloudLogin(CloudLoginOptions options) => this with { CloudLogin = options };

    public LiveDeployServices WithLogins(ICloudLoginSelector? logins) => this with { Logins = logins };

    public LiveDeployServices WithCheckout(IPluginCheckout? checkout) => this with { Checkout = checkout };
}
