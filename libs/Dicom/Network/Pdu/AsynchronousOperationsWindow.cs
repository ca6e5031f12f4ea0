namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The asynchronous operations window sub-item (PS3.7 section D.3.3.3); 0 means unlimited.</summary>
public sealed record AsynchronousOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);
