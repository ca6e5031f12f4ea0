using System.Net;
using System.Net.Sockets;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>Peer addresses allowed to connect: single addresses and CIDR ranges (IPv4 and IPv6). Empty allows all.</summary>
public sealed class IpAllowList
{
    private readonly List<(byte[] Network, int PrefixLength)> entries = [];

    public IpAllowList(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            this.entries.Add(ParseEntry(entry));
        }
    }

    public bool AllowsAll => entries.Count == 0;

    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (entries.Count == 0)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return entries.Any(e => e.Network.Length == bytes.Length && Matches(bytes, e.Network, e.PrefixLength));
    }

    private static (byte[] Network, int PrefixLength) ParseEntry(string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? entry.Trim() : entry[..slash].Trim();
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new FormatException($"'{entry}' is not an IP address or CIDR range (such as 10.1.0.0/16 or fd00::/8).");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(entry[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            throw new FormatException($"'{entry}' has an invalid prefix length (0 to {bits}).");
        }

        return (address.GetAddressBytes(), prefix);
    }

    private static bool Matches(byte[] address, byte[] network, int prefixLength)
    {
        for (var i = 0; i < address.Length && prefixLength > 0; i++, prefixLength -= 8)
        {
            var mask = prefixLength >= 8 ? 0xFF : (byte)(0xFF << (8 - prefixLength));
            if ((address[i] & mask) != (network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
