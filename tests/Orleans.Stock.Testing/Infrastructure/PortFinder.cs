using System.Net;
using System.Net.Sockets;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// Free loopback ports from a base upwards. Bases below Linux's ephemeral range (32768+) keep
/// them clear of the ports that client connections pick for themselves.
/// </summary>
public static class PortFinder
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    public static int[] Take(int count, int basePort)
    {
        lock (Gate)
        {
            var ports = new List<int>(count);
            for (var port = basePort; ports.Count < count; port++)
            {
                if (port > basePort + 2_000)
                {
                    throw new InvalidOperationException($"No {count} free ports between {basePort} and {port}.");
                }

                if (!Handed.Contains(port) && IsFree(port))
                {
                    Handed.Add(port);
                    ports.Add(port);
                }
            }

            return [.. ports];
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
