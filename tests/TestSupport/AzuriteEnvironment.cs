namespace CloudRisPacs.TestSupport;

/// <summary>
/// Where the test command's Azurite instance is. <c>./test.sh</c> starts Azurite on free loopback ports with a
/// throwaway account key and exports the connection string in <see cref="ConnectionStringVariable"/>.
/// </summary>
public static class AzuriteEnvironment
{
    public const string ConnectionStringVariable = "CLOUDRISPACS_TEST_STORAGE";

    /// <summary>The Azurite connection string; throws with instructions when the test command did not set it.</summary>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"Azurite is not configured: the environment variable {ConnectionStringVariable} is empty. " +
                    "Run the tests through ./test.sh, which installs and starts Azurite and sets it.");
            }

            return value;
        }
    }
}
