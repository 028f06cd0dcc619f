using System.Text.Json;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// The operator's live settings file (<c>Stock:SettingsFile</c>) of a test host. Written whole and
/// renamed into place, so the API's file watcher never reads half a file.
/// </summary>
public sealed class SettingsFile : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stock-settings-").FullName;

    public SettingsFile(object stock) => Write(stock);

    public string Path => System.IO.Path.Combine(_folder, "settings.json");

    /// <summary>Replaces the file with <c>{"Stock": stock}</c>.</summary>
    public void Write(object stock) => WriteRaw(JsonSerializer.Serialize(new { Stock = stock }));

    public void WriteRaw(string json)
    {
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, Path, overwrite: true);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
