using Microsoft.Extensions.Options;

namespace CloudRisPacs.Azure.DependencyInjection;

/// <summary>Runs an options class's own <c>Validate()</c> at host start, so every problem is reported at once.</summary>
internal sealed class ProblemListValidator<TOptions>(string subject, Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = validate(options);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(problem => $"{subject}: {problem}"));
    }
}
