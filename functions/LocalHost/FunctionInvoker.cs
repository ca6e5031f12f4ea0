using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// Calls a function method the way the Functions host would: a new instance of its class from DI per invocation, the
/// trigger argument, route values by parameter name, the function context and the cancellation token.
/// </summary>
internal static class FunctionInvoker
{
    public static async Task InvokeHttpAsync(HttpFunction function, HttpContext http, IServiceProvider services)
    {
        var context = new LocalFunctionContext(services, function.Name, http.RequestAborted);
        var request = new LocalHttpRequestData(context, http);
        var arguments = function.Method.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(HttpRequestData) => request,
            var t when t == typeof(FunctionContext) => context,
            var t when t == typeof(CancellationToken) => http.RequestAborted,
            var t when t == typeof(string) => (object?)http.GetRouteValue(parameter.Name!)?.ToString(),
            var t => throw new InvalidOperationException($"Function {function.Name}: the local host cannot bind parameter '{parameter.Name}' of type {t.Name}."),
        }).ToArray();

        var response = await InvokeAsync<HttpResponseData>(function.Class, function.Method, services, arguments).ConfigureAwait(false);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers)
        {
            http.Response.Headers[header.Key] = header.Value.ToArray();
        }

        response.Body.Position = 0;
        await response.Body.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    public static Task InvokeTimerAsync(TimerFunction function, IServiceProvider services, DateTimeOffset? last, DateTimeOffset next, CancellationToken cancellationToken)
    {
        var timer = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = last?.UtcDateTime ?? default, Next = next.UtcDateTime, LastUpdated = DateTime.UtcNow } };
        var context = new LocalFunctionContext(services, function.Name, cancellationToken);
        var arguments = function.Method.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(TimerInfo) => timer,
            var t when t == typeof(FunctionContext) => context,
            var t when t == typeof(CancellationToken) => (object)cancellationToken,
            var t => throw new InvalidOperationException($"Function {function.Name}: the local host cannot bind parameter '{parameter.Name}' of type {t.Name}."),
        }).ToArray();
        return InvokeAsync<object>(function.Class, function.Method, services, arguments);
    }

    private static async Task<T> InvokeAsync<T>(Type type, MethodInfo method, IServiceProvider services, object?[] arguments)
        where T : class
    {
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, type);
        try
        {
            var result = method.Invoke(target, arguments);
            switch (result)
            {
                case Task<T> typed:
                    return await typed.ConfigureAwait(false);
                case Task task:
                    await task.ConfigureAwait(false);
                    return (task.GetType().GetProperty("Result")?.GetValue(task) as T)!;
                default:
                    return (result as T)!;
            }
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }
}
