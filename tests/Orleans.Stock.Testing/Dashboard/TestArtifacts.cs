namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// Where tests leave files for people (screenshots): <c>STOCK_TEST_ARTIFACTS</c>, which
/// scripts/test.sh points into its results folder next to the TRX files, else <c>TestResults/artifacts</c>
/// under the test's working folder.
/// </summary>
public static class TestArtifacts
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("STOCK_TEST_ARTIFACTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
