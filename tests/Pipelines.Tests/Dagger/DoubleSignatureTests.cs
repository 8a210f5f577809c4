extern alias daggermodule;

using System.Reflection;
using DaggerApi = daggermodule::Dagger;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The double must keep the SDK's member names and parameter lists, or the module that compiles
/// here would not compile in the engine. The C# module runtime regenerates the SDK's API
/// (sdk/Dagger.SDK.g.cs) from the introspection of the engine that loads the module
/// (sdk/csharp/runtime/main.go, CodegenBase, in github.com/pjmagee/dagger), so the expected
/// signatures are the v0.21.7 engine's arguments (docs/docs-graphql/schema.graphqls at tag v0.21.7
/// of github.com/dagger/dagger) rendered by the SDK's generator
/// (src/Dagger.SDK.CodeGen/Code/CodeRenderer.cs; its output for an older engine is
/// src/Dagger.SDK/Dagger.SDK.g.cs of branch csharp/experimental, 39f5551f): schema order, enum and
/// Int defaults as their values, Booleans as non-nullable bools, String defaults as null.
/// </summary>
public sealed class DoubleSignatureTests
{
    private static readonly string[] SdkSignatures =
    [
        "Container Query.Container(Platform? platform = null)",
        "CacheVolume Query.CacheVolume(string key, Directory? source = null, CacheSharingMode? sharing = SHARED, string? owner = null)",
        "Container Container.From(string address, Service? registryService = null)",
        "Container Container.WithMountedCache(string path, CacheVolume cache, Directory? source = null, CacheSharingMode? sharing = SHARED, string? owner = null, bool expand = false)",
        "Container Container.WithDirectory(string path, Directory source, string[]? exclude = null, string[]? include = null, bool gitignore = false, string? owner = null, bool expand = false, int? permissions = null)",
        "Container Container.WithFile(string path, File source, int? permissions = null, string? owner = null, bool expand = false)",
        "Container Container.WithWorkdir(string path, bool expand = false)",
        "Container Container.WithEnvVariable(string name, string value, bool expand = false)",
        "Container Container.WithSecretVariable(string name, Secret secret)",
        "Container Container.WithMountedSecret(string path, Secret source, string? owner = null, int? mode = 256, bool expand = false)",
        "Container Container.WithExec(string[] args, bool useEntrypoint = false, string? stdin = null, string? redirectStdin = null, string? redirectStdout = null, string? redirectStderr = null, ReturnType? expect = SUCCESS, bool experimentalPrivilegedNesting = false, bool insecureRootCapabilities = false, bool expand = false, bool noInit = false)",
        "Directory Container.Directory(string path, bool expand = false)",
        "File Container.File(string path, bool expand = false)",
        "Task<string> Secret.Plaintext(CancellationToken cancellationToken = default)",
    ];

    // Members that exist only to create arguments or inspect what was recorded; never called by the module.
    private static readonly string[] TestOnlyMembers = ["Argument", "get_Recorded", "get_Parent", "get_Call"];

    private static readonly Type[] ApiTypes =
    [
        typeof(DaggerApi.Query), typeof(DaggerApi.Container), typeof(DaggerApi.Directory), typeof(DaggerApi.File),
        typeof(DaggerApi.Secret), typeof(DaggerApi.CacheVolume), typeof(DaggerApi.Service), typeof(DaggerApi.Platform),
    ];

    private readonly NullabilityInfoContext _nullability = new();

    [Fact]
    public void The_double_declares_exactly_the_sdks_signatures_of_the_members_the_module_uses()
    {
        var declared = ApiTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !TestOnlyMembers.Contains(m.Name) && m.DeclaringType != typeof(DaggerApi.Platform))
            .Select(Signature)
            .Order();

        Assert.Equal(SdkSignatures.Order(), declared);
    }

    [Fact]
    public void The_enums_have_the_sdks_values()
    {
        Assert.Equal(["SUCCESS", "FAILURE", "ANY"], Enum.GetNames<DaggerApi.ReturnType>());
        Assert.Equal(["SHARED", "PRIVATE", "LOCKED"], Enum.GetNames<DaggerApi.CacheSharingMode>());
    }

    [Fact]
    public void The_module_exposes_no_type_but_its_object_and_no_enum_of_its_own()
    {
        // The SDK registers what the module assembly exposes; the planner's types (GateStage,
        // GateOutcome, CachePolicy) are internal, so `dagger functions` lists only the module's functions.
        var exported = typeof(DaggerApi.Client).Assembly.GetExportedTypes().Where(t => t.Namespace != "Dagger").Select(t => t.FullName);

        Assert.Equal(["PipelinesModule.Pipelines"], exported);
    }

    [Fact]
    public void The_root_query_is_reached_through_the_static_client_as_in_the_sdk()
    {
        var dag = typeof(DaggerApi.Client).GetProperty("Dag", BindingFlags.Public | BindingFlags.Static);

        Assert.NotNull(dag);
        Assert.Equal(typeof(DaggerApi.Query), dag.PropertyType);
    }

    private string Signature(MethodInfo method) =>
        $"{TypeName(method.ReturnType, null)} {method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(Parameter))})";

    private string Parameter(ParameterInfo parameter)
    {
        var nullable = !parameter.ParameterType.IsValueType && _nullability.Create(parameter).WriteState == NullabilityState.Nullable;
        var text = $"{TypeName(parameter.ParameterType, nullable)} {parameter.Name}";
        return parameter.HasDefaultValue ? $"{text} = {DefaultValue(parameter)}" : text;
    }

    private static string DefaultValue(ParameterInfo parameter) => parameter.DefaultValue switch
    {
        null when parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null => "default",
        null => "null",
        bool b => b ? "true" : "false",
        var value when Nullable.GetUnderlyingType(parameter.ParameterType) is { IsEnum: true } e => Enum.ToObject(e, value).ToString()!,
        string s => $"\"{s}\"",
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static string TypeName(Type type, bool? nullableReference)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, null) + "?";
        }

        var name = type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(int) => "int",
            { IsArray: true } => TypeName(type.GetElementType()!, null) + "[]",
            { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(a => TypeName(a, null)))}>",
            _ => type.Name,
        };
        return nullableReference == true ? name + "?" : name;
    }
}
