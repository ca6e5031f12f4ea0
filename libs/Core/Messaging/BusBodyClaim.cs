using System.Text.RegularExpressions;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// A claim check: the message body lies in a blob of the channel tenant's claim-check container instead of in the
/// transport message. The container is deliberately not part of the claim: the receiver derives it from the channel's
/// tenant, so a message can never make a consumer read another tenant's blobs.
/// </summary>
public sealed partial record BusBodyClaim
{
    public const int MaxBlobNameLength = 1024;

    public BusBodyClaim(string blobName, long length, string sha256)
    {
        if (FindProblem(blobName, length, sha256) is { } problem)
        {
            throw new ArgumentException(problem, nameof(blobName));
        }

        BlobName = blobName;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The blob's name inside the claim-check container.</summary>
    public string BlobName { get; }

    /// <summary>The body length in bytes.</summary>
    public long Length { get; }

    /// <summary>SHA-256 of the body, 64 lower-case hex digits; checked when the body is fetched.</summary>
    public string Sha256 { get; }

    /// <summary>Returns why the values do not form a valid claim, or null.</summary>
    public static string? FindProblem(string? blobName, long length, string? sha256)
    {
        if (string.IsNullOrEmpty(blobName) || blobName.Length > MaxBlobNameLength || blobName.StartsWith('/')
            || blobName.Contains('\\', StringComparison.Ordinal) || blobName.Split('/').Contains("..")
            || blobName.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0)
        {
            return $"Claim-check blob name '{blobName}' is not a plain relative blob name of 1 to {MaxBlobNameLength} characters.";
        }

        if (length < 0)
        {
            return $"Claim-check length {length} is negative.";
        }

        return sha256 is not null && Sha256Pattern().IsMatch(sha256)
            ? null
            : $"Claim-check hash '{sha256}' is not 64 lower-case hex digits.";
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();
}
