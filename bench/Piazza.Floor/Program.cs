using System.Net;
using System.Net.Sockets;

using Piazza.Floor;

// piazza-floor PORT [inline|queued]: a chat relay with nothing but the relaying, speaking just
// enough of Piazza's plain protocol for piazza-bench (/part, /nick, /join, text, exit). It shows
// what a .NET 10 server on this machine cannot go below per message and per delivery: no
// parser beyond a line split, no flood control, no history, no limits, no logging.
//   inline: the reader sends each delivery itself, one blocking send per recipient (a C
//           server's loop without its write buffers);
//   queued: each recipient has a buffer and one writer on the thread pool's global queue that
//           sends everything queued since it last ran (Piazza's send path, stripped).
if (args.Length < 1 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: piazza-floor PORT [inline|queued]");
    return 2;
}

var mode = args.Length > 1 ? args[1] : "queued";
if (mode is not ("inline" or "queued"))
{
    Console.Error.WriteLine("mode must be inline or queued");
    return 2;
}

using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
listener.Listen(1024);
Console.WriteLine($"piazza-floor on 127.0.0.1:{port}, sends {mode}");
var rooms = new RoomTable();
while (true)
{
    var socket = await listener.AcceptAsync();
    socket.NoDelay = true;
    var connection = new FloorConnection(socket, rooms, mode == "inline");
    _ = Task.Run(connection.RunAsync);
}
