using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Line;
using Piazza.Server.Operators;

namespace Piazza.Server.Plain;

/// <summary>
/// Commands about the client itself: <c>/nick</c>, <c>/away</c>, <c>/help</c>, <c>/quit</c> and
/// the seed's <c>exit</c>, and the answer to a command that is none.
/// </summary>
/// <remarks>
/// Like every plain handler family, a struct made for each command over the session's
/// <see cref="IPlainCommandContext"/>: it keeps no state of its own, and costs the connection nothing.
/// </remarks>
internal readonly struct PlainClientCommands(IPlainCommandContext context)
{
    private ChatHub Hub => context.Hub;

    private ChatOptions Options => context.Hub.Options;

    private Member Member => context.Member;

    /// <summary>/nick NAME; returns the quit reason when a server ban matches the new name. In a cluster the nick is claimed across the nodes first.</summary>
    public async ValueTask<string?> Nick(LineCommand command)
    {
        if (command.Target.Length == 0 || command.Text.Length != 0)
        {
            SendError("usage: /nick NAME (one word)");
            return null;
        }

        var claimed = await Hub.ClaimNickAsync(command.Target, Member.NickHolder);
        var result = claimed ? Hub.ChangeNick(Member, command.Target, out _) : ChatError.NickInUse;
        if (claimed && result != ChatError.None)
        {
            Hub.ReleaseNickClaim(command.Target, Member.NickHolder);
        }

        switch (result)
        {
            case ChatError.None when Hub.BanFor(Member) is { } ban:
                return CutBanned(ban);
            case ChatError.None:
                SendNotice($"you are now known as {command.Target}");
                break;
            case ChatError.NickInUse:
                SendError($"the nickname {command.Target} is taken; pick another");
                break;
            default:
                SendError($"invalid nickname {command.Target}: {NickName.Validate(command.Target, Options.MaxNickLength)}");
                break;
        }

        return null;
    }

    /// <summary>/away [MESSAGE]</summary>
    public ValueTask<string?> Away(LineCommand command)
    {
        Hub.SetAway(Member, command.Text);
        SendNotice(command.Text.Length == 0 ? "you are back" : $"you are marked away: {command.Text}");
        return default;
    }

    /// <summary>/help: <see cref="PlainCommandTable.HelpLines"/>.</summary>
    public ValueTask<string?> Help()
    {
        foreach (var help in PlainCommandTable.HelpLines)
        {
            SendNotice(help);
        }

        return default;
    }

    /// <summary>/quit [REASON]</summary>
    public ValueTask<string?> Quit(LineCommand command)
    {
        SendNotice("bye");
        return ValueTask.FromResult<string?>(Truncate(command.Text, Options.MaxTopicLength));
    }

    /// <summary>The seed's bare <c>exit</c>: quits with no reason.</summary>
    public ValueTask<string?> Exit()
    {
        SendNotice("bye");
        return ValueTask.FromResult<string?>(string.Empty);
    }

    /// <summary>A <c>/word</c> that is no command.</summary>
    public ValueTask<string?> Unknown(LineCommand command)
    {
        SendError($"unknown command /{command.Verb}; /help lists the commands");
        return default;
    }

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

    /// <summary>Logs a client a server ban matches and returns the reason it quits with (the read loop then ends).</summary>
    private string CutBanned(ServerBan ban)
    {
        OperatorLog.BannedClientRefused(context.Logger, Member.BanIdentity, context.Address, ban.Mask, ban.Reason);
        SendNotice(ban.ClientReason);
        return ban.ClientReason;
    }

    private void SendNotice(string text) => context.SendNotice(text);

    private void SendError(string text) => context.SendError(text);
}
