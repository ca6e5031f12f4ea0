namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>Handles the DIMSE requests a peer sends on an association (the service registry); each call runs on its own task.</summary>
internal interface IDimseRequestHandler
{
    Task HandleAsync(DimseIncomingRequest request);
}
