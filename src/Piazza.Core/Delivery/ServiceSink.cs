namespace Piazza.Core;

/// <summary>
/// A sink that drops everything: a member with no session here (ChanServ, whose commands the
/// sessions answer; another node's member, whose node delivers to it).
/// </summary>
internal sealed class ServiceSink : IMemberSink
{
    public static readonly ServiceSink Instance = new();

    public void Deliver(ChatEvent chatEvent)
    {
    }

    public void Close(string reason)
    {
    }
}
