using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.Reliability;

/// <summary>The fault matrix's table is complete: every call the product makes, every fault, one expected outcome each.</summary>
public sealed class FaultMatrixTableTests
{
    [Fact]
    public void Every_github_call_the_product_makes_has_a_row()
    {
        var covered = FaultMatrix.Promote.Select(r => r.Call).Concat(FaultMatrix.LiveDeploy.Select(r => r.Call)).ToHashSet();

        Assert.All(GitHubCalls.All, call => Assert.Contains(call, covered));
    }

    [Fact]
    public void Every_row_states_an_outcome_for_every_standard_fault()
    {
        Assert.All(FaultMatrix.Promote, row => Assert.Equal(FaultMatrix.Columns(row.Call).Count, row.Cells.Length));
        Assert.All(FaultMatrix.Promote.Where(r => r.Call.IsWrite), row => Assert.Equal(StandardFaults.Names.Count + 1, row.Cells.Length));
        Assert.All(FaultMatrix.LiveDeploy, row => Assert.Equal(StandardFaults.Names.Count, row.Cells.Length));
        Assert.Equal(StandardFaults.Names.Count, StandardFaults.Names.Distinct().Count());
    }

    [Fact]
    public void Row_names_are_unique_so_each_cell_is_one_test_case()
    {
        Assert.Equal(FaultMatrix.Promote.Count, FaultMatrix.Promote.Select(r => r.Name).Distinct().Count());
        Assert.Equal(FaultMatrix.LiveDeploy.Count, FaultMatrix.LiveDeploy.Select(r => r.Name).Distinct().Count());
    }
}
