using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// A clinic's tenant identifier. It becomes part of queue and container names, so it is restricted to what every
/// Azure resource accepts: 3 to 24 lower-case letters, digits and single hyphens, starting and ending with a letter or
/// digit. The cloud derives a message's tenant from the channel it arrived on, never from the payload.
/// </summary>
public readonly partial record struct TenantId
{
    public const int MaxLength = 24;

    private readonly string? value;

    private TenantId(string value) => this.value = value;

    /// <summary>The validated identifier text.</summary>
    public string Value => value ?? throw new InvalidOperationException("The default TenantId has no value.");

    /// <summary>Parses a tenant id; throws <see cref="FormatException"/> with the rule it broke.</summary>
    public static TenantId Parse(string text)
    {
        return TryParse(text, out var tenant, out var problem) ? tenant : throw new FormatException(problem);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out TenantId tenant) => TryParse(text, out tenant, out _);

    public override string ToString() => Value;

    private static bool TryParse(string? text, out TenantId tenant, out string problem)
    {
        tenant = default;
        if (string.IsNullOrEmpty(text))
        {
            problem = "A tenant id is required.";
            return false;
        }

        if (!Pattern().IsMatch(text) || text.Contains("--", StringComparison.Ordinal))
        {
            problem = $"Tenant id '{text}' is invalid: use 3 to {MaxLength} lower-case letters, digits and single hyphens, " +
                      "starting and ending with a letter or digit.";
            return false;
        }

        tenant = new TenantId(text);
        problem = string.Empty;
        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,22}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
