namespace Pipelines.Tests.Reliability;

/// <summary>The promote rows of <see cref="FaultMatrix"/> whose faulted call is a read.</summary>
public sealed class PromoteReadFaultMatrixTests
{
    public static TheoryData<string, string> Cells => FaultMatrix.PromoteCells(r => !r.Call.IsWrite);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task A_fault_on_a_read_during_a_promotion(string call, string fault) => PromoteFaultCell.RunAsync(call, fault);
}

/// <summary>The promote rows of <see cref="FaultMatrix"/> whose faulted call is a write.</summary>
public sealed class PromoteWriteFaultMatrixTests
{
    public static TheoryData<string, string> Cells => FaultMatrix.PromoteCells(r => r.Call.IsWrite);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task A_fault_on_a_write_during_a_promotion(string call, string fault) => PromoteFaultCell.RunAsync(call, fault);
}
