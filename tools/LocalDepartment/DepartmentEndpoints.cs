using System.Globalization;
using System.Text;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>Where each part of a running department answers; also written as a shell-sourceable file for the demo.</summary>
public sealed record DepartmentEndpoints(
    string TenantId,
    int MllpPort,
    string DicomAeTitle,
    int DicomPort,
    Uri StatusUri,
    Uri ApiUri,
    int RisPort,
    string RisReceivedLog,
    string ApiKeysFile,
    string LogsFolder,
    string AzuriteBlobEndpoint)
{
    public const string Host = "127.0.0.1";

    /// <summary>The lines run.sh prints.</summary>
    public IReadOnlyList<string> Describe() =>
    [
        $"tenant            {TenantId}",
        $"HL7 (MLLP)        {Host}:{MllpPort}                  e.g. mllp_send -p {MllpPort} -f message.hl7 {Host}",
        $"DICOM             {DicomAeTitle}@{Host}:{DicomPort}   e.g. findscu -W -aec {DicomAeTitle} {Host} {DicomPort} …",
        $"edge status       {StatusUri}",
        $"cloud API         {ApiUri}            (Authorization: Bearer <key>)",
        $"API keys          {ApiKeysFile}   (source it: $CLOUDRISPACS_STAFF_KEY, $CLOUDRISPACS_EDGE_KEY)",
        $"demo RIS (MLLP)   {Host}:{RisPort}, what it received: {RisReceivedLog}",
        $"Azurite           {AzuriteBlobEndpoint} (blob; queues and tables next to it)",
        $"logs              {LogsFolder}/",
    ];

    /// <summary>KEY=value lines for <c>source</c> (no secrets: the keys stay in their own file).</summary>
    public string ToEnvironmentFile(int launcherProcessId)
    {
        var text = new StringBuilder();
        void Line(string key, object value) => text.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
        Line("CLOUDRISPACS_TENANT", TenantId);
        Line("CLOUDRISPACS_HOST", Host);
        Line("CLOUDRISPACS_MLLP_PORT", MllpPort);
        Line("CLOUDRISPACS_DICOM_AE", DicomAeTitle);
        Line("CLOUDRISPACS_DICOM_PORT", DicomPort);
        Line("CLOUDRISPACS_STATUS_URL", StatusUri);
        Line("CLOUDRISPACS_API_URL", ApiUri);
        Line("CLOUDRISPACS_RIS_PORT", RisPort);
        Line("CLOUDRISPACS_RIS_LOG", RisReceivedLog);
        Line("CLOUDRISPACS_API_KEYS", ApiKeysFile);
        Line("CLOUDRISPACS_LOGS", LogsFolder);
        Line("CLOUDRISPACS_LAUNCHER_PID", launcherProcessId);
        return text.ToString();
    }
}
