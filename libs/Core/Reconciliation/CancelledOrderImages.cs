using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Orders;

namespace CloudRisPacs.Core.Reconciliation;

/// <summary>
/// The exception for a study whose accession belongs to an order the RIS cancelled or discontinued. Raised by
/// reconciliation (the study is not linked) and by the completion (an order withdrawn after its study was linked gets
/// no "examination complete"): either way the images were taken for an order the RIS no longer expects.
/// </summary>
public static class CancelledOrderImages
{
    public static ExceptionRecord Exception(OrderRecord order, string studyUid, string? patientId)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new ExceptionRecord
        {
            Id = ExceptionStore.IdFor(ExceptionKinds.CancelledOrderImages, $"{order.AccessionNumber}|{studyUid}"),
            Kind = ExceptionKinds.CancelledOrderImages,
            Reason = $"Study {studyUid} has accession '{order.AccessionNumber}', whose order the RIS set to {order.Status}; it " +
                     $" is not reported complete. Reinstate the order in the RIS, or link the study to the right one.",
            AccessionNumber = order.AccessionNumber,
            StudyInstanceUid = studyUid,
            PatientId = patientId,
            OrderKey = order.OrderKey,
        };
    }
}
