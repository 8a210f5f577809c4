namespace Pipelines.Tests.Reliability;

/// <summary>The live-deploy rows of <see cref="FaultMatrix"/> whose faulted call is a read.</summary>
public sealed class LiveDeployReadFaultMatrixTests
{
    public static TheoryData<string, string> Cells => FaultMatrix.LiveDeployCells(r => !r.Call.IsWrite);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task A_fault_on_a_read_during_a_status_update(string call, string fault) => LiveDeployFaultCell.RunAsync(call, fault);
}

/// <summary>The live-deploy rows of <see cref="FaultMatrix"/> whose faulted call is a write.</summary>
public sealed class LiveDeployWriteFaultMatrixTests
{
    public static TheoryData<string, string> Cells => FaultMatrix.LiveDeployCells(r => r.Call.IsWrite);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task A_fault_on_a_write_during_a_status_update(string call, string fault) => LiveDeployFaultCell.RunAsync(call, fault);
}
