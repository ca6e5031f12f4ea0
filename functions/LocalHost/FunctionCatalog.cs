using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// The function app's HTTP and timer functions, found by reflection over the same attributes the Functions SDK reads
/// to generate functions.metadata: name, class, method, route and methods, or schedule.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers)
    {
        Http = http;
        Timers = timers;
    }

    public IReadOnlyList<HttpFunction> Http { get; }

    public IReadOnlyList<TimerFunction> Timers { get; }

    public static FunctionCatalog Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                foreach (var parameter in method.GetParameters())
                {
                    if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } trigger)
                    {
                        http.Add(new HttpFunction(function.Name, type, method, trigger.Route ?? function.Name,
                            (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray()));
                    }
                    else if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
                    {
                        timers.Add(new TimerFunction(function.Name, type, method, timer.Schedule));
                    }
                }
            }
        }

        return new FunctionCatalog(http.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(), timers.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray());
    }
}

public sealed record HttpFunction(string Name, Type Class, MethodInfo Method, string Route, IReadOnlyList<string> Methods);

public sealed record TimerFunction(string Name, Type Class, MethodInfo Method, string Schedule);
