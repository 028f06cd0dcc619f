using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// A redis-server of the test's own, on a free port and a data folder that outlives the process,
/// so it can be killed with SIGKILL and started again on the same files. Unlike the Redis of
/// <c>scripts/test.sh</c> (<c>STOCK_TEST_REDIS</c>, with a password) it has no password: it lives for
/// one test, is bound to 127.0.0.1 only and holds nothing but that test's throw-away keys.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _persistence;
    private Process? _process;

    private RedisServerProcess(string directory, int port, string persistence)
    {
        Directory = directory;
        Port = port;
        _persistence = persistence;
    }

    /// <summary>The data folder (the append-only files live in <c>appendonlydir</c> under it).</summary>
    public string Directory { get; }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <param name="persistence"><c>always</c> or <c>everysec</c> (append-only file, fsync policy) or <c>none</c> (no persistence at all).</param>
    public static async Task<RedisServerProcess> StartAsync(string persistence)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"redis-engine-test-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServerProcess(directory, FreePort(), persistence);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server on the same port and folder (it replays whatever was persisted).</summary>
    public async Task RestartAsync()
    {
        var persistence = _persistence == "none"
            ? "--appendonly no --save \"\""
            : $"--appendonly yes --appendfsync {_persistence} --save \"\"";
        _process = Process.Start(new ProcessStartInfo("redis-server",
            $"--port {Port} --bind 127.0.0.1 --dir {Directory} --daemonize no --logfile redis.log {persistence}")
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        await WaitForPongAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGKILL: no shutdown, no last write of the append-only file.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task WaitForPongAsync(TimeSpan timeout)
    {
        // Polls: until it has replayed its files Redis answers LOADING, and nothing signals readiness.
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}; see {Path.Combine(Directory, "redis.log")}.");
            }

            if (await PingAsync())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PONG within {timeout}.");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
