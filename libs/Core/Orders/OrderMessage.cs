using CloudRisPacs.Core.Patients;

namespace CloudRisPacs.Core.Orders;

/// <summary>An order message read through the tenant's field map: the patient and one request per ORC/OBR group.</summary>
public sealed record OrderMessage(PatientIdentity Patient, PatientDemographics Demographics, string PatientVersion, IReadOnlyList<OrderRequest> Orders);
