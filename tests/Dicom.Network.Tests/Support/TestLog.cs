using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>A logger factory that writes to the xunit output and keeps every line, so tests can assert what was logged.</summary>
public sealed class TestLog(ITestOutputHelper? output = null, LogLevel retain = LogLevel.Debug) : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<string> errors = new();

    /// <summary>The lines at or above the retained level.</summary>
    public IReadOnlyCollection<string> Lines => lines;

    /// <summary>Every error line, whatever is retained (long fuzz runs keep nothing else, so memory stays flat).</summary>
    public IReadOnlyCollection<string> Errors => errors;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public bool Contains(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until a line contains <paramref name="text"/>; fails with every line logged so far after the timeout.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Contains(text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No log line with \"{text}\" within {timeout}:\n{string.Join("\n", lines)}");
            await Task.Delay(20);
        }
    }

    private void Write(LogLevel level, string message)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {level,-11} {message}";
        if (level >= LogLevel.Error)
        {
            errors.Enqueue(line);
        }

        if (level >= retain)
        {
            lines.Enqueue(line);
        }

        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late log lines from background tasks are kept but not printed.
        }
    }

    private sealed class Logger(TestLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(logLevel, formatter(state, exception) + (exception is null ? string.Empty : $" [{exception.GetType().Name}: {exception.Message}]"));
            }
        }
    }
}
