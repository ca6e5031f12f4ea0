namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// SCP/SCU role selection sub-item (PS3.7 section D.3.3.4): for one SOP class, whether the requestor proposes (or the
/// acceptor accepts) that the requestor may act as SCU and as SCP.
/// </summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
