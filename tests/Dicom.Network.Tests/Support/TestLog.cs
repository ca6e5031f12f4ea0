using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>A logger factory that writes to the xunit output and keeps every line, so tests can assert what was logged.</summary>
public sealed class TestLog(ITestOutputHelper? output = null) : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public bool Contains(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    private void Write(LogLevel level, string message)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {level,-11} {message}";
        lines.Enqueue(line);
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
