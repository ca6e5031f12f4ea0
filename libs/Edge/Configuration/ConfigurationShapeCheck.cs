using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// Walks a configuration section against an options type before binding: every key that names no setting (a typo)
/// and every value that does not convert to its setting's type is reported, all at once. The binder alone would stop
/// at the first bad value and silently ignore misspelled keys.
/// </summary>
internal static class ConfigurationShapeCheck
{
    public static void Check(IConfiguration section, Type optionsType, string path, List<string> problems)
    {
        var properties = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}:{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property) || (!property.CanWrite && !IsList(property.PropertyType)))
            {
                problems.Add($"{childPath} is not a known setting (check the spelling; see the sample configuration).");
                continue;
            }

            CheckValue(child, property.PropertyType, childPath, problems);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, string path, List<string> problems)
    {
        if (IsList(type))
        {
            var element = type.GetGenericArguments()[0];
            foreach (var item in section.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{path} is a list; '{item.Key}' is not a position in it (use a JSON array).");
                    continue;
                }

                CheckValue(item, element, $"{path}:{item.Key}", problems);
            }

            return;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(target))
        {
            if (section.GetChildren().Any())
            {
                problems.Add($"{path} must be a single value, not a section.");
                return;
            }

            var value = section.Value;
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!Converts(target, value))
            {
                problems.Add($"{path} '{value}' is not a valid {Describe(target)}.");
            }

            return;
        }

        if (section.Value is { Length: > 0 } && !section.GetChildren().Any())
        {
            problems.Add($"{path} must be a section with settings, not a single value.");
            return;
        }

        Check(section, target, path, problems);
    }

    private static bool IsList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>));

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(Guid) || !typeof(IEnumerable).IsAssignableFrom(type) && type.IsValueType;

    private static bool Converts(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!)
                && !char.IsAsciiDigit(value.TrimStart('-')[0]);
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _);
        }

        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type.IsEnum => $"value (use one of {string.Join(", ", Enum.GetNames(type))})",
        _ when type == typeof(TimeSpan) => "duration (use hh:mm:ss, for example 00:00:30)",
        _ when type == typeof(Uri) => "absolute URI (for example https://host/)",
        _ when type == typeof(bool) => "true/false value",
        _ when type == typeof(int) || type == typeof(long) => "whole number",
        _ => type.Name,
    };
}
