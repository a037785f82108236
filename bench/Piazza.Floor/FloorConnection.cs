using System.Net.Sockets;
using System.Text;

namespace Piazza.Floor;

/// <summary>One client: a read loop that splits lines, and its way of being sent to.</summary>
internal sealed class FloorConnection(Socket socket, RoomTable rooms, bool inlineSends) : IThreadPoolWorkItem
{
    private readonly Lock _sendGate = new();
    private byte[] _pending = new byte[4096];
    private byte[] _sending = new byte[4096];
    private int _pendingLength;
    private bool _writerQueued;
    private string _nick = "anon";
    private Room? _room;
    private byte[] _prefix = [];

    public async Task RunAsync()
    {
        var buffer = new byte[4096];
        var filled = 0;
        try
        {
            Send("* welcome to piazza-floor!\n"u8);
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    if (!OnLine(buffer.AsSpan(start, end - start)))
                    {
                        return;
                    }

                    start = end + 1;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                if (filled == buffer.Length)
                {
                    break; // a line longer than the buffer: this relay does not bother
                }
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            if (_room is { } joined)
            {
                rooms.Part(joined, this);
            }

            socket.Dispose();
        }
    }

    /// <summary>Handles a line; false when the client said goodbye.</summary>
    private bool OnLine(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (line.SequenceEqual("exit"u8))
        {
            socket.Shutdown(SocketShutdown.Both);
            return false;
        }

        if (line.StartsWith("/"u8))
        {
            OnCommand(Encoding.UTF8.GetString(line));
            return true;
        }

        if (_room is null)
        {
            return true;
        }

        // One frame per message, shared by every recipient.
        var frame = new byte[_prefix.Length + line.Length + 1];
        _prefix.CopyTo(frame, 0);
        line.CopyTo(frame.AsSpan(_prefix.Length));
        frame[^1] = (byte)'\n';
        foreach (var member in _room.Members)
        {
            if (member != this)
            {
                member.Send(frame);
            }
        }

        return true;
    }

    private void OnCommand(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? command : command[..space];
        var argument = space < 0 ? string.Empty : command[(space + 1)..];
        switch (name)
        {
            case "/part":
                if (_room is { } left)
                {
                    rooms.Part(left, this);
                    _room = null;
                }

                Send("* you left\n"u8);
                break;
            case "/nick":
                _nick = argument;
                Send(Encoding.UTF8.GetBytes($"* you are now known as {argument}\n"));
                break;
            case "/join":
                if (_room is { } previous)
                {
                    rooms.Part(previous, this);
                }

                _room = rooms.Join(argument, this);
                _prefix = Encoding.UTF8.GetBytes($"[{_nick}@{argument}] ");
                Send(Encoding.UTF8.GetBytes($"* you are in {argument}; {_room.Members.Length - 1} others are here\n"));
                break;
            default:
                Send("! unknown command\n"u8);
                break;
        }

    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        if (inlineSends)
        {
            lock (_sendGate)
            {
                try
                {
                    socket.Send(bytes);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }

            return;
        }

        lock (_sendGate)
        {
            if (_pendingLength + bytes.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + bytes.Length));
            }

            bytes.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += bytes.Length;
            if (_writerQueued)
            {
                return;
            }

            _writerQueued = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>The writer: sends everything queued since it last ran, in one send.</summary>
    public void Execute()
    {
        while (true)
        {
            int length;
            lock (_sendGate)
            {
                if (_pendingLength == 0)
                {
                    _writerQueued = false;
                    return;
                }

                (_pending, _sending) = (_sending, _pending);
                length = _pendingLength;
                _pendingLength = 0;
            }

            try
            {
                socket.Send(_sending.AsSpan(0, length));
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
