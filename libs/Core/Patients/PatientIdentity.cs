using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Patients;

/// <summary>A patient id and its issuer (PID-3.1 and PID-3.4 namespace); <see cref="Key"/> names the patient's partition.</summary>
public sealed record PatientIdentity(string Id, string Issuer)
{
    public string Key => $"{KeyPart.Encode(Id)}^{KeyPart.Encode(Issuer)}";

    public static PatientIdentity FromKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var caret = key.IndexOf('^', StringComparison.Ordinal);
        return caret < 0
            ? new PatientIdentity(KeyPart.Decode(key), string.Empty)
            : new PatientIdentity(KeyPart.Decode(key[..caret]), KeyPart.Decode(key[(caret + 1)..]));
    }

    public override string ToString() => Issuer.Length == 0 ? Id : $"{Id} ({Issuer})";
}
