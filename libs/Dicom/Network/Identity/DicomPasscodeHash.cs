using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudRisPacs.Dicom.Network.Identity;

/// <summary>
/// A salted PBKDF2-HMAC-SHA256 hash of a passcode, written as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash
/// in base64), so configuration holds no passcode in clear and the string says how to check one. Verification derives
/// the hash again and compares in constant time, so the time taken says nothing about how much of it matched.
/// </summary>
public sealed class DicomPasscodeHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>What <see cref="Create"/> uses unless told otherwise: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewer make guessing from a stolen configuration cheap.</summary>
    public const int MinimumIterations = 10_000;

    /// <summary>More would make every association wait (and let a configuration slow the server to a halt).</summary>
    public const int MaximumIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MinimumSaltBytes = 8;

    private readonly byte[] salt;
    private readonly byte[] hash;

    private DicomPasscodeHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public int Iterations { get; }

    /// <summary>A new hash string for <paramref name="passcode"/> (UTF-8, as PS3.7 D.3.3.7.1 encodes the passcode field), with a fresh random salt.</summary>
    public static string Create(string passcode, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passcode);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new DicomPasscodeHash(iterations, salt, Derive(Encoding.UTF8.GetBytes(passcode), salt, iterations, HashBytes)).ToString();
    }

    /// <summary>Reads a hash string; a bad one throws <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static DicomPasscodeHash Parse(string text) =>
        TryParse(text, out var hash, out var problem) ? hash : throw new FormatException(problem);

    /// <summary>Reads a hash string, or says in <paramref name="problem"/> what is wrong with it (never repeating it: it is half a secret).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DicomPasscodeHash? hash, [NotNullWhen(false)] out string? problem)
    {
        hash = null;
        var parts = (text ?? string.Empty).Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            problem = $"is not a passcode hash of the form {Scheme}$ITERATIONS$SALT$HASH (create one with `cloudrispacs-edge hash-passcode`)";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < MinimumIterations or > MaximumIterations)
        {
            problem = $"has the iteration count '{parts[1]}'; it must be a whole number from {MinimumIterations} to {MaximumIterations}";
            return false;
        }

        if (!TryDecode(parts[2], out var salt) || salt.Length < MinimumSaltBytes)
        {
            problem = $"has a salt that is not base64 of at least {MinimumSaltBytes} bytes";
            return false;
        }

        if (!TryDecode(parts[3], out var derived) || derived.Length is < 16 or > 64)
        {
            problem = "has a hash that is not base64 of 16 to 64 bytes";
            return false;
        }

        hash = new DicomPasscodeHash(iterations, salt, derived);
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="passcode"/> (the passcode field's bytes) is the passcode this hash was made from.</summary>
    public bool Verifies(ReadOnlySpan<byte> passcode) =>
        CryptographicOperations.FixedTimeEquals(Derive(passcode, salt, Iterations, hash.Length), hash);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");

    private static byte[] Derive(ReadOnlySpan<byte> passcode, ReadOnlySpan<byte> salt, int iterations, int length)
    {
        var derived = new byte[length];
        Rfc2898DeriveBytes.Pbkdf2(passcode, salt, derived, iterations, HashAlgorithmName.SHA256);
        return derived;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
