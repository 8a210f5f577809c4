using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

public sealed class WfctlCommandsTests
{
    private static readonly ImmutableDictionary<string, string> Env =
        ImmutableDictionary<string, string>.Empty.Add("AWS_REGION", "us-east-1");

    private static WfctlCommands Commands() =>
        new("/opt/wfctl", "examples/minimal/config.yaml", "staging", "/work/aws", Env, WfctlCommands.TagFor("777"));

    [Fact]
    public void Plan_depth_runs_only_infra_plan_and_no_teardown()
    {
        var commands = Commands();

        var validation = commands.Validation(ValidationDepth.Plan);

        var plan = Assert.Single(validation);
        Assert.Equal("/opt/wfctl", plan.FileName);
        Assert.Equal(["infra", "plan", "-c", "examples/minimal/config.yaml", "--env", "staging"], plan.Arguments.ToArray());
        Assert.Equal("/work/aws", plan.WorkingDirectory);
        Assert.Empty(commands.Teardown(ValidationDepth.Plan));
    }

    [Fact]
    public void Apply_depth_applies_with_y_and_the_owner_tag_then_checks_status()
    {
        var validation = Commands().Validation(ValidationDepth.Apply);

        Assert.Equal(2, validation.Count);
        Assert.Equal(["infra", "apply", "-c", "examples/minimal/config.yaml", "--env", "staging", "-y"], validation[0].Arguments.ToArray());
        Assert.Equal("live-deploy-777", validation[0].Environment[WfctlCommands.OwnerVariable]);
        Assert.Equal("us-east-1", validation[0].Environment["AWS_REGION"]);
        Assert.Equal(["infra", "status", "-c", "examples/minimal/config.yaml", "--env", "staging"], validation[1].Arguments.ToArray());
    }

    [Fact]
    public void Apply_teardown_destroys_with_y_then_cleans_up_by_tag()
    {
        var teardown = Commands().Teardown(ValidationDepth.Apply);

        Assert.Equal(2, teardown.Count);
        Assert.Equal(["infra", "destroy", "-c", "examples/minimal/config.yaml", "--env", "staging", "-y"], teardown[0].Arguments.ToArray());
        Assert.Equal(["infra", "cleanup", "--tag", "live-deploy-777", "--fix"], teardown[1].Arguments.ToArray());
    }

    [Fact]
    public void Y_is_given_to_every_apply_and_destroy()
    {
        var commands = Commands();
        var all = commands.Validation(ValidationDepth.Apply).Concat(commands.Teardown(ValidationDepth.Apply));

        Assert.All(all.Where(c => c.Arguments[1] is "apply" or "destroy"), c => Assert.Equal("-y", c.Arguments[^1]));
    }

    [Theory]
    [InlineData("--help", "staging")]
    [InlineData("examples/minimal/config.yaml", "-x")]
    public void Values_that_look_like_options_are_refused(string example, string env)
    {
        Assert.Throws<ArgumentException>(() => new WfctlCommands("wfctl", example, env, "/w", Env, "live-deploy-1"));
    }
}
