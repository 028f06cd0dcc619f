namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// The silo and API as built beside this test assembly (same configuration: <c>Release</c> under
/// scripts/test.sh), to run them as real processes the way scripts/run.sh does.
/// </summary>
public static class BuildOutputs
{
    public static string SiloDirectory => ProjectOutput("Silo", "Orleans.Stock.Silo.dll");

    public static string ApiDirectory => ProjectOutput("Api", "Orleans.Stock.Api.dll");

    public static string GatewayDirectory => ProjectOutput("Gateway", "Orleans.Stock.Gateway.dll");

    private static string ProjectOutput(string project, string dll)
    {
        // This assembly runs from tests/Orleans.Stock.Tests/bin/<Configuration>/<tfm>/.
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent!.Name;
        var root = tfmDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Stock.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Orleans.Stock.sln not found above {AppContext.BaseDirectory}.");
        }

        var directory = Path.Combine(root.FullName, "src", project, "bin", configuration, tfmDirectory.Name);
        return File.Exists(Path.Combine(directory, dll))
            ? directory
            : throw new InvalidOperationException($"{dll} is not built in {directory}; build the solution in {configuration} first.");
    }
}
