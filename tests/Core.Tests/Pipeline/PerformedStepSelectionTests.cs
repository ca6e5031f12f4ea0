using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Studies;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class PerformedStepSelectionTests
{
    private static readonly StepRecord CtHead = Step("RP1", "SPS1", "CT");
    private static readonly StepRecord CtNeck = Step("RP1", "SPS2", "CT");
    private static readonly StepRecord MrHead = Step("RP2", "SPS1", "MR");
    private static readonly StepRecord[] All = [CtHead, CtNeck, MrHead];

    [Fact]
    public void A_step_is_named_by_its_requested_procedure_and_scheduled_step_ids_together()
    {
        // SPS1 exists under both requested procedures: only the pair picks one.
        Assert.Equal([MrHead], PerformedStepSelection.Select(All, [Reference("RP2", "SPS1")]));
        Assert.Equal([CtHead], PerformedStepSelection.Select(All, [Reference("RP1", "SPS1")]));
    }

    [Fact]
    public void One_id_alone_names_every_step_that_carries_it()
    {
        Assert.Equal([CtHead, CtNeck], PerformedStepSelection.Select(All, [Reference("RP1", null)]));
        Assert.Equal([CtHead, MrHead], PerformedStepSelection.Select(All, [Reference(null, "SPS1")]));
    }

    [Fact]
    public void The_group_case_names_several_steps()
    {
        Assert.Equal([CtHead, CtNeck], PerformedStepSelection.Select(All, [Reference("RP1", "SPS1"), Reference("RP1", "SPS2")]));
    }

    [Fact]
    public void Without_ids_or_items_every_step_is_meant()
    {
        Assert.Equal(All, PerformedStepSelection.Select(All, []));
        Assert.Equal(All, PerformedStepSelection.Select(All, [Reference(null, null)]));
        Assert.Equal(All, PerformedStepSelection.Select(All, [Reference("RP2", "SPS1"), Reference(null, null)]));
    }

    [Fact]
    public void Ids_that_no_step_carries_fall_back_to_every_step()
    {
        Assert.Equal(All, PerformedStepSelection.Select(All, [Reference("RP9", "SPS9")]));
        Assert.Empty(PerformedStepSelection.Select([], [Reference("RP1", "SPS1")]));
    }

    [Fact]
    public void Without_the_fall_back_ids_that_no_step_carries_select_nothing()
    {
        Assert.Empty(PerformedStepSelection.SelectNamed(All, [Reference("RP9", "SPS9")], step => step.Item));
        Assert.Equal([MrHead], PerformedStepSelection.SelectNamed(All, [Reference("RP2", "SPS1")], step => step.Item));
        Assert.Equal(All, PerformedStepSelection.SelectNamed(All, [Reference(null, null)], step => step.Item));
    }

    private static MppsScheduledStep Reference(string? requestedProcedureId, string? stepId) => new()
    {
        AccessionNumber = "ACC1", RequestedProcedureId = requestedProcedureId, ScheduledProcedureStepId = stepId,
    };

    private static StepRecord Step(string requestedProcedureId, string stepId, string modality) => new()
    {
        OrderKey = $"ACC1~{requestedProcedureId}",
        Item = new WorklistItem
        {
            ItemKey = $"ACC1~{requestedProcedureId}~{stepId}", Version = 1, PatientName = "DOE^JOHN", PatientId = "P1", AccessionNumber = "ACC1",
            RequestedProcedureId = requestedProcedureId, StudyInstanceUid = "1.2.3", ScheduledProcedureStepId = stepId, Modality = modality,
            ScheduledStartDate = "20240315",
        },
    };
}
