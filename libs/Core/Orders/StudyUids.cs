using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Orders;

/// <summary>Study Instance UIDs the cloud makes for orders without one: the 2.25 (UUID) form of PS3.5 B.2.</summary>
public static class StudyUids
{
    /// <summary>The same tenant, accession and requested procedure id always give the same UID.</summary>
    public static string Derive(TenantId tenant, string accession, string? requestedProcedureId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"cloudrispacs-study|{tenant.Value}|{accession}|{requestedProcedureId}"));
        var bytes = hash.AsSpan(0, 16).ToArray();

        // Shape it as a name-based UUID (version 5 style bits) so the integer is a valid UUID value.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    public static string Generate()
    {
        var bytes = Guid.NewGuid().ToByteArray(bigEndian: true);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }
}
