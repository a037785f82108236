using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// ChanServ, the room service, as Ergo offers it (irc/chanserv.go): <c>PRIVMSG ChanServ :REGISTER #chan</c>,
/// or the command <c>CS REGISTER #chan</c> (also <c>CHANSERV</c>), with the subcommands REGISTER,
/// UNREGISTER, INFO and HELP. Every answer is a NOTICE from <c>ChanServ!ChanServ@services.&lt;server&gt;</c>
/// (<see cref="ChatHub.ChanServ"/>), never a numeric: what a services bot would say.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only. REGISTER and UNREGISTER are awaited until the store has
/// the change (the client's next line waits, nobody else does); the rules are the hub's
/// (<see cref="ChatHub.RegisterRoom"/>). On a node of a cluster, a channel this node does not have
/// is first asked of the cluster (<see cref="ChatHub.LearnRegistrationAsync"/>), so every node
/// answers alike about a channel registered on another.
/// </remarks>
internal sealed class IrcChanServCommands(IIrcCommandContext context)
{
    /// <summary>The most characters of a subcommand or channel echoed back in an error.</summary>
    private const int MaxEcho = 32;

    /// <summary>What HELP says, one NOTICE a line.</summary>
    private static readonly string[] HelpLines =
    [
        "ChanServ keeps registered channels: their founder, modes, bans and operators outlive restarts.",
        "REGISTER #channel    register a channel you operate to your account (you must be logged in)",
        "UNREGISTER #channel  end a registration (its founder, or a server operator)",
        "INFO #channel        who founded a channel, and when",
        "HELP                 this text",
        "Send them as PRIVMSG ChanServ :REGISTER #channel, or /CS REGISTER #channel.",
    ];

    private ChatHub Hub => context.Hub;

    /// <summary>CS|CHANSERV subcommand [args…]: the parameters are the words.</summary>
    public ValueTask CommandAsync(IrcMessage message) => RunAsync([.. message.Parameters.SelectMany(Words)]);

    /// <summary>PRIVMSG ChanServ :subcommand [args…].</summary>
    public ValueTask MessageAsync(string text) => RunAsync(Words(text));

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private ValueTask RunAsync(string[] words)
    {
        if (words.Length == 0)
        {
            Notice("No command given; send HELP for the commands");
            return default;
        }

        switch (words[0].ToUpperInvariant())
        {
            case "REGISTER":
                return RegisterAsync(words);
            case "UNREGISTER":
                return UnregisterAsync(words);
            case "INFO":
                return InfoAsync(words);
            case "HELP":
                foreach (var line in HelpLines)
                {
                    Notice(line);
                }

                return default;
            default:
                Notice($"Unknown command {Echo(words[0])}; send HELP for the commands");
                return default;
        }
    }

    /// <summary>REGISTER #channel.</summary>
    private async ValueTask RegisterAsync(string[] words)
    {
        if (ChannelOf(words, "REGISTER") is not { } channel)
        {
            return;
        }

        await Hub.LearnRegistrationAsync(channel[1..]);
        var error = Hub.RegisterRoom(context.Member, channel[1..], out var room, out var stored);
        if (error != ChatError.None)
        {
            Notice(Refusal(channel, error));
            return;
        }

        var name = IrcEventEncoder.Channel(room!);
        if (await stored)
        {
            Notice($"Channel {name} successfully registered; you ({context.Member.Account}) are its founder");
        }
        else
        {
            Notice($"Channel {name} is registered, but it could not be stored: it will not outlive a restart");
        }
    }

    /// <summary>UNREGISTER #channel.</summary>
    private async ValueTask UnregisterAsync(string[] words)
    {
        if (ChannelOf(words, "UNREGISTER") is not { } channel)
        {
            return;
        }

        await Hub.LearnRegistrationAsync(channel[1..]);
        var error = Hub.UnregisterRoom(context.Member, channel[1..], out var room, out var stored);
        if (error != ChatError.None)
        {
            Notice(Refusal(channel, error));
            return;
        }

        var name = IrcEventEncoder.Channel(room!);
        Notice(await stored
            ? $"Channel {name} successfully unregistered"
            : $"Channel {name} is unregistered, but the store could not forget it: it may be registered again after a restart");
    }

    /// <summary>INFO #channel: founder and time of registration.</summary>
    private async ValueTask InfoAsync(string[] words)
    {
        if (ChannelOf(words, "INFO") is not { } channel)
        {
            return;
        }

        await Hub.LearnRegistrationAsync(channel[1..]);
        var room = Hub.FindRoom(channel[1..]);
        if (room is null || !room.IsVisibleTo(context.Member))
        {
            Notice(Refusal(channel, ChatError.NoSuchRoom));
            return;
        }

        if (room.Registration is not { } registration)
        {
            Notice(Refusal(channel, ChatError.NotRegistered));
            return;
        }

        var name = IrcEventEncoder.Channel(room);
        Notice($"*** {name} ***");
        Notice($"Founder: {registration.Founder}");
        Notice($"Registered at: {registration.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
        if (registration.Operators.Count > 0)
        {
            Notice($"Operators: {string.Join(", ", registration.Operators)}");
        }
    }

    /// <summary>The channel a subcommand names (its second word), or null after telling the client the syntax.</summary>
    private string? ChannelOf(string[] words, string subcommand)
    {
        if (words.Length < 2)
        {
            Notice($"Syntax: {subcommand} #channel");
            return null;
        }

        var channel = words[1];
        if (!channel.StartsWith('#') || RoomName.Validate(channel[1..], Hub.Options.MaxRoomNameLength, out _) is not null)
        {
            Notice($"{Echo(channel)} is not a valid channel name");
            return null;
        }

        return channel;
    }

    private string Refusal(string channel, ChatError error) => error switch
    {
        ChatError.NotLoggedIn => "You must be logged in to an account to do that (SASL, or REGISTER)",
        ChatError.InvalidRoom => $"{Echo(channel)} is not a valid channel name",
        ChatError.NoSuchRoom => $"Channel {Echo(channel)} does not exist",
        ChatError.PermanentRoom => $"{Echo(channel)} is one of this server's permanent channels: it cannot be registered",
        ChatError.NotOperator => $"You must be an operator of {Echo(channel)} to register it",
        ChatError.AlreadyRegistered => $"Channel {Echo(channel)} is already registered",
        ChatError.TooManyRegistrations => $"You have already registered {Hub.Registrations.MaxPerAccount} channels, the most an account may",
        ChatError.NotRegistered => $"Channel {Echo(channel)} is not registered",
        ChatError.NotFounder => $"Only the founder of {Echo(channel)} (or a server operator) may do that",
        _ => "Refused",
    };

    private static string Echo(string text) => IrcText.ForEcho(text.Length > MaxEcho ? text[..MaxEcho] + "…" : text);

    /// <summary>A NOTICE from ChanServ to the client.</summary>
    private void Notice(string text)
    {
        var source = IrcEventEncoder.SourceOf(Hub.ChanServ);
        var nick = context.Nick;
        context.Reply(tags => IrcWriter.Format(tags, source, "NOTICE", [nick, text], trailing: true));
    }
}
