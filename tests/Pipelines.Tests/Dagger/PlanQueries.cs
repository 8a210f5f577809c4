using Pipelines.Containers;

namespace Pipelines.Tests.Dagger;

/// <summary>Small queries over plans, so the tests read as statements about behaviour.</summary>
internal static class PlanQueries
{
    public static IEnumerable<ContainerStep> AllSteps(this FunctionPlan plan) =>
        plan.Containers.SelectMany(c => c.Steps);

    public static IEnumerable<ExecStep> Execs(this FunctionPlan plan) => plan.AllSteps().OfType<ExecStep>();

    public static IEnumerable<string> ExecArguments(this FunctionPlan plan) => plan.Execs().SelectMany(e => e.Args);

    /// <summary>The exec that runs the CLI through the exit-code recorder.</summary>
    public static ExecStep GateExec(this FunctionPlan plan) =>
        plan.Execs().Single(e => e.Args.Contains(ContainerPaths.CliExecutable));

    /// <summary>The CLI's own argv (after the executable) within the gate exec.</summary>
    public static IReadOnlyList<string> CliArguments(this FunctionPlan plan)
    {
        var args = plan.GateExec().Args;
        return [.. args.Skip(args.ToList().IndexOf(ContainerPaths.CliExecutable) + 1)];
    }

    public static IEnumerable<EnvStep> Variables(this FunctionPlan plan) => plan.AllSteps().OfType<EnvStep>();

    public static string? Variable(this FunctionPlan plan, string name) =>
        plan.Variables().SingleOrDefault(v => v.Name == name)?.Value;

    public static string? FlagValue(this IReadOnlyList<string> args, string flag)
    {
        var index = args.ToList().IndexOf(flag);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
