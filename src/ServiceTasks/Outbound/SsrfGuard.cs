using System.Net;
using System.Net.Sockets;

namespace ServiceTasks.Outbound;

/// <summary>
/// Refuses connections to loopback, private, link-local and metadata addresses. It runs in the handler's
/// ConnectCallback, on the addresses actually dialled, so a DNS answer that changes after a check cannot get past it.
/// </summary>
internal sealed class SsrfGuard(HttpClientOptions options, Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connect = null)
{
    private readonly HashSet<string> _allowedHosts = new(options.AllowedHosts, StringComparer.OrdinalIgnoreCase);
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Stream>> _connect = connect ?? ConnectSocketAsync;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = options.AllowPrivateNetworks || _allowedHosts.Contains(host)
            ? addresses
            : addresses.Where(a => !IsBlocked(a)).ToArray();
        if (permitted.Length == 0)
            throw new SsrfRefusedException(
                $"Connection to {host} ({string.Join(", ", addresses.Select(a => a.ToString()))}) was refused by the SSRF guard: " +
                "loopback, private, link-local and metadata addresses are blocked (see Http:AllowPrivateNetworks and Http:AllowedHosts).");

        SocketException? last = null;
        foreach (var address in permitted)
        {
            try { return await _connect(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken); }
            catch (SocketException e) { last = e; }
        }
        throw last!;
    }

    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsBlockedV4(address.GetAddressBytes());

        var bytes = address.GetAddressBytes();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast) return true;
        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 4 bytes.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0))
            return IsBlockedV4(bytes[12..]);
        return false;
    }

    private static bool IsBlockedV4(byte[] b) =>
        b[0] is 0 or 10 or 127 || b[0] >= 224          // this network, private, loopback, multicast and reserved
        || (b[0] == 100 && b[1] is >= 64 and < 128)    // carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata
        || (b[0] == 172 && b[1] is >= 16 and < 32)
        || (b[0] == 192 && b[1] == 168);

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
