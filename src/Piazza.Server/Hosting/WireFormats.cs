using System.Runtime.ExceptionServices;

using Piazza.Core;
using Piazza.Server.Irc;
using Piazza.Server.Plain;

namespace Piazza.Server.Hosting;

/// <summary>
/// Every wire format the server encodes events in, each encoder made once. Making them is what
/// claims their cache slots (<see cref="EncoderSlots"/>), so <see cref="PiazzaApp.Build"/> does it
/// first: a format registered twice, or one too many, stops the server at startup with the
/// registry's message, not at the first client of that format.
/// </summary>
internal static class WireFormats
{
    /// <summary>
    /// Every encoder (the plain protocol's, then IRC's variants), each made once per process; throws
    /// the registry's own exception on a slot conflict, not the type initialiser's wrapper.
    /// </summary>
    public static IReadOnlyList<IEventEncoder> ClaimSlots()
    {
        try
        {
            return [PlainEventEncoder.Instance, .. IrcEventEncoder.All];
        }
        catch (TypeInitializationException ex) when (ex.InnerException is { } conflict)
        {
            // The encoders claim their slots in static initialisers; their message is the clear one.
            ExceptionDispatchInfo.Throw(conflict);
            throw;
        }
    }
}
