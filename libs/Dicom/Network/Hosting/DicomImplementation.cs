using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>This implementation's identity in A-ASSOCIATE (PS3.7 D.3.3.2): the same as in the files it writes.</summary>
public static class DicomImplementation
{
    public const string ClassUid = DicomFileWriter.ImplementationClassUid;

    public const string VersionName = DicomFileWriter.ImplementationVersionName;
}
