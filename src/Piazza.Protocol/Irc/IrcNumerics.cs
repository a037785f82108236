namespace Piazza.Protocol.Irc;

/// <summary>
/// Numeric replies (https://modern.ircdocs.horse/#numerics; 900-908 from
/// https://ircv3.net/specs/extensions/sasl-3.1, 704-706 and 524 from modern.ircdocs' HELP).
/// </summary>
/// <remarks>
/// Names are the spec's RPL_/ERR_ names in PascalCase. Each summary gives the parameters after the
/// command, as the spec writes them: "&lt;client&gt;" is the receiver's nick, or "*" before it has one.
/// </remarks>
public static class IrcNumerics
{
    /// <summary><c>&lt;client&gt; :Welcome to the &lt;networkname&gt; Network, &lt;nick&gt;[!&lt;user&gt;@&lt;host&gt;]</c></summary>
    public const string RplWelcome = "001";

    /// <summary><c>&lt;client&gt; :Your host is &lt;servername&gt;, running version &lt;version&gt;</c></summary>
    public const string RplYourHost = "002";

    /// <summary><c>&lt;client&gt; :This server was created &lt;datetime&gt;</c></summary>
    public const string RplCreated = "003";

    /// <summary><c>&lt;client&gt; &lt;servername&gt; &lt;version&gt; &lt;user modes&gt; &lt;channel modes&gt; [&lt;channel modes with a parameter&gt;]</c></summary>
    public const string RplMyInfo = "004";

    /// <summary><c>&lt;client&gt; &lt;1-13 tokens&gt; :are supported by this server</c></summary>
    public const string RplISupport = "005";

    /// <summary><c>&lt;client&gt; &lt;command&gt; &lt;count&gt;</c> (STATS m: how often a command has run; no byte or remote counts)</summary>
    public const string RplStatsCommands = "212";

    /// <summary><c>&lt;client&gt; K &lt;mask&gt; &lt;seconds left, 0: never expires&gt; &lt;set by&gt; :&lt;reason&gt;</c> (STATS k, as Piazza lays it out)</summary>
    public const string RplStatsKLine = "216";

    /// <summary><c>&lt;client&gt; &lt;stats letter&gt; :End of /STATS report</c></summary>
    public const string RplEndOfStats = "219";

    /// <summary><c>&lt;client&gt; :Server Up &lt;days&gt; days &lt;hh:mm:ss&gt;</c></summary>
    public const string RplStatsUptime = "242";

    /// <summary><c>&lt;client&gt; &lt;user modes&gt;</c></summary>
    public const string RplUModeIs = "221";

    /// <summary><c>&lt;client&gt; D &lt;ip or cidr&gt; &lt;seconds left, 0: never expires&gt; &lt;set by&gt; :&lt;reason&gt;</c> (STATS d; hybrid's RPL_STATSDLINE)</summary>
    public const string RplStatsDLine = "225";

    /// <summary><c>&lt;client&gt; :There are &lt;u&gt; users and &lt;i&gt; invisible on &lt;s&gt; servers</c></summary>
    public const string RplLUserClient = "251";

    /// <summary><c>&lt;client&gt; &lt;ops&gt; :operator(s) online</c></summary>
    public const string RplLUserOp = "252";

    /// <summary><c>&lt;client&gt; &lt;connections&gt; :unknown connection(s)</c></summary>
    public const string RplLUserUnknown = "253";

    /// <summary><c>&lt;client&gt; &lt;channels&gt; :channels formed</c></summary>
    public const string RplLUserChannels = "254";

    /// <summary><c>&lt;client&gt; :I have &lt;c&gt; clients and &lt;s&gt; servers</c></summary>
    public const string RplLUserMe = "255";

    /// <summary><c>&lt;client&gt; &lt;command&gt; :Please wait a while and try again.</c></summary>
    public const string RplTryAgain = "263";

    /// <summary><c>&lt;client&gt; [&lt;u&gt; &lt;m&gt;] :Current local users &lt;u&gt;, max &lt;m&gt;</c></summary>
    public const string RplLocalUsers = "265";

    /// <summary><c>&lt;client&gt; [&lt;u&gt; &lt;m&gt;] :Current global users &lt;u&gt;, max &lt;m&gt;</c></summary>
    public const string RplGlobalUsers = "266";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :&lt;message&gt;</c></summary>
    public const string RplAway = "301";

    /// <summary><c>&lt;client&gt; :[&lt;reply&gt;{ &lt;reply&gt;}]</c></summary>
    public const string RplUserHost = "302";

    /// <summary><c>&lt;client&gt; :[&lt;nickname&gt;{ &lt;nickname&gt;}]</c></summary>
    public const string RplIsOn = "303";

    /// <summary><c>&lt;client&gt; :You are no longer marked as being away</c></summary>
    public const string RplUnAway = "305";

    /// <summary><c>&lt;client&gt; :You have been marked as being away</c></summary>
    public const string RplNowAway = "306";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;username&gt; &lt;host&gt; * :&lt;realname&gt;</c></summary>
    public const string RplWhoisUser = "311";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;server&gt; :&lt;server info&gt;</c></summary>
    public const string RplWhoisServer = "312";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :is an IRC operator</c></summary>
    public const string RplWhoisOperator = "313";

    /// <summary>335 RPL_WHOISBOT: <c>&lt;client&gt; &lt;nick&gt; :is a bot on &lt;network&gt;</c> (https://ircv3.net/specs/extensions/bot-mode).</summary>
    public const string RplWhoisBot = "335";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;username&gt; &lt;host&gt; * :&lt;realname&gt;</c></summary>
    public const string RplWhoWasUser = "314";

    /// <summary><c>&lt;client&gt; &lt;mask&gt; :End of WHO list</c></summary>
    public const string RplEndOfWho = "315";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;secs&gt; &lt;signon&gt; :seconds idle, signon time</c></summary>
    public const string RplWhoisIdle = "317";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :End of /WHOIS list</c></summary>
    public const string RplEndOfWhois = "318";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :[prefix]&lt;channel&gt;{ [prefix]&lt;channel&gt;}</c></summary>
    public const string RplWhoisChannels = "319";

    /// <summary><c>&lt;client&gt; Channel :Users  Name</c></summary>
    public const string RplListStart = "321";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;client count&gt; :&lt;topic&gt;</c></summary>
    public const string RplList = "322";

    /// <summary><c>&lt;client&gt; :End of /LIST</c></summary>
    public const string RplListEnd = "323";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;modestring&gt; &lt;mode arguments&gt;...</c></summary>
    public const string RplChannelModeIs = "324";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;creationtime&gt;</c></summary>
    public const string RplCreationTime = "329";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;account&gt; :is logged in as</c></summary>
    public const string RplWhoisAccount = "330";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :No topic is set</c></summary>
    public const string RplNoTopic = "331";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :&lt;topic&gt;</c></summary>
    public const string RplTopic = "332";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;nick&gt; &lt;setat&gt;</c></summary>
    public const string RplTopicWhoTime = "333";

    /// <summary><c>&lt;client&gt; &lt;channel&gt;</c>: a channel you are invited to (INVITE without parameters).</summary>
    public const string RplInviteList = "336";

    /// <summary><c>&lt;client&gt; :End of /INVITE list</c></summary>
    public const string RplEndOfInviteList = "337";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;channel&gt;</c></summary>
    public const string RplInviting = "341";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;mask&gt; [&lt;who&gt; &lt;set-ts&gt;]</c> (an invite exception, +I)</summary>
    public const string RplInvExList = "346";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :End of Channel Invite Exception List</c></summary>
    public const string RplEndOfInvExList = "347";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;mask&gt; [&lt;who&gt; &lt;set-ts&gt;]</c> (a ban exception, +e)</summary>
    public const string RplExceptList = "348";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :End of channel exception list</c></summary>
    public const string RplEndOfExceptList = "349";

    /// <summary><c>&lt;client&gt; &lt;version&gt; &lt;server&gt; :&lt;comments&gt;</c></summary>
    public const string RplVersion = "351";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;username&gt; &lt;host&gt; &lt;server&gt; &lt;nick&gt; &lt;flags&gt; :&lt;hopcount&gt; &lt;realname&gt;</c></summary>
    public const string RplWhoReply = "352";

    /// <summary><c>&lt;client&gt; * &lt;server&gt; :&lt;hopcount&gt; &lt;server info&gt;</c></summary>
    public const string RplLinks = "364";

    /// <summary><c>&lt;client&gt; * :End of /LINKS list</c></summary>
    public const string RplEndOfLinks = "365";

    /// <summary><c>&lt;client&gt; [token] [channel] [user] [ip] [host] [server] [nick] [flags] [hopcount] [idle] [account] [oplevel] [:realname]</c> (WHOX: the fields asked for, in this order)</summary>
    public const string RplWhoSpcRpl = "354";

    /// <summary><c>&lt;client&gt; &lt;symbol&gt; &lt;channel&gt; :[prefix]&lt;nick&gt;{ [prefix]&lt;nick&gt;}</c></summary>
    public const string RplNamReply = "353";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :End of /NAMES list</c></summary>
    public const string RplEndOfNames = "366";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;mask&gt; [&lt;who&gt; &lt;set-ts&gt;]</c></summary>
    public const string RplBanList = "367";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :End of channel ban list</c></summary>
    public const string RplEndOfBanList = "368";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :End of WHOWAS</c></summary>
    public const string RplEndOfWhoWas = "369";

    /// <summary><c>&lt;client&gt; :&lt;string&gt;</c></summary>
    public const string RplInfo = "371";

    /// <summary><c>&lt;client&gt; :&lt;line of the motd&gt;</c></summary>
    public const string RplMotd = "372";

    /// <summary><c>&lt;client&gt; :End of INFO list</c></summary>
    public const string RplEndOfInfo = "374";

    /// <summary><c>&lt;client&gt; :- &lt;server&gt; Message of the day -</c></summary>
    public const string RplMotdStart = "375";

    /// <summary><c>&lt;client&gt; :End of /MOTD command.</c></summary>
    public const string RplEndOfMotd = "376";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :is connecting from *@localhost 127.0.0.1</c></summary>
    public const string RplWhoisHost = "378";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :is using modes +ailosw</c></summary>
    public const string RplWhoisModes = "379";

    /// <summary><c>&lt;client&gt; :You are now an IRC operator</c></summary>
    public const string RplYoureOper = "381";

    /// <summary><c>&lt;client&gt; &lt;server&gt; [&lt;timestamp&gt; [&lt;TS offset&gt;]] :&lt;human-readable time&gt;</c></summary>
    public const string RplTime = "391";

    /// <summary><c>&lt;client&gt; &lt;command&gt;{ &lt;subcommand&gt;} :&lt;info&gt;</c></summary>
    public const string ErrUnknownError = "400";

    /// <summary><c>&lt;client&gt; &lt;nickname&gt; :No such nick/channel</c></summary>
    public const string ErrNoSuchNick = "401";

    /// <summary><c>&lt;client&gt; &lt;server name&gt; :No such server</c></summary>
    public const string ErrNoSuchServer = "402";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :No such channel</c></summary>
    public const string ErrNoSuchChannel = "403";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Cannot send to channel</c></summary>
    public const string ErrCannotSendToChan = "404";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :You have joined too many channels</c></summary>
    public const string ErrTooManyChannels = "405";

    /// <summary><c>&lt;client&gt; &lt;nickname&gt; :There was no such nickname</c></summary>
    public const string ErrWasNoSuchNick = "406";

    /// <summary><c>&lt;client&gt; &lt;target&gt; :Too many targets</c> (RFC 2812; past ISUPPORT TARGMAX)</summary>
    public const string ErrTooManyTargets = "407";

    /// <summary><c>&lt;client&gt; :No origin specified</c></summary>
    public const string ErrNoOrigin = "409";

    /// <summary><c>&lt;client&gt; &lt;command&gt; :Invalid CAP command</c></summary>
    public const string ErrInvalidCapCmd = "410";

    /// <summary><c>&lt;client&gt; :No recipient given (&lt;command&gt;)</c></summary>
    public const string ErrNoRecipient = "411";

    /// <summary><c>&lt;client&gt; :No text to send</c></summary>
    public const string ErrNoTextToSend = "412";

    /// <summary><c>&lt;client&gt; :Input line was too long</c></summary>
    public const string ErrInputTooLong = "417";

    /// <summary><c>&lt;client&gt; &lt;command&gt; :Unknown command</c></summary>
    public const string ErrUnknownCommand = "421";

    /// <summary><c>&lt;client&gt; :MOTD File is missing</c></summary>
    public const string ErrNoMotd = "422";

    /// <summary><c>&lt;client&gt; :No nickname given</c></summary>
    public const string ErrNoNicknameGiven = "431";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :Erroneous nickname</c></summary>
    public const string ErrErroneousNickname = "432";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :Nickname is already in use</c></summary>
    public const string ErrNicknameInUse = "433";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;channel&gt; :They aren't on that channel</c></summary>
    public const string ErrUserNotInChannel = "441";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :You're not on that channel</c></summary>
    public const string ErrNotOnChannel = "442";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; &lt;channel&gt; :is already on channel</c></summary>
    public const string ErrUserOnChannel = "443";

    /// <summary><c>&lt;client&gt; :You have not registered</c></summary>
    public const string ErrNotRegistered = "451";

    /// <summary><c>&lt;client&gt; &lt;command&gt; :Not enough parameters</c></summary>
    public const string ErrNeedMoreParams = "461";

    /// <summary><c>&lt;client&gt; :You may not reregister</c></summary>
    public const string ErrAlreadyRegistered = "462";

    /// <summary><c>&lt;client&gt; :Password incorrect</c></summary>
    public const string ErrPasswdMismatch = "464";

    /// <summary><c>&lt;client&gt; :You are banned from this server.</c></summary>
    public const string ErrYoureBannedCreep = "465";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Channel key already set</c></summary>
    public const string ErrKeySet = "467";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Cannot join channel (+l)</c></summary>
    public const string ErrChannelIsFull = "471";

    /// <summary><c>&lt;client&gt; &lt;modechar&gt; :is unknown mode char to me</c></summary>
    public const string ErrUnknownMode = "472";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Cannot join channel (+i)</c></summary>
    public const string ErrInviteOnlyChan = "473";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Cannot join channel (+b)</c></summary>
    public const string ErrBannedFromChan = "474";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :Cannot join channel (+k)</c></summary>
    public const string ErrBadChannelKey = "475";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; &lt;char&gt; :Channel list is full</c> (https://modern.ircdocs.horse/#errbanlistfull-478)</summary>
    public const string ErrBanListFull = "478";

    /// <summary>
    /// <c>&lt;client&gt; &lt;channel&gt; :Illegal channel name</c>: not in modern.ircdocs.horse, but
    /// what InspIRCd, UnrealIRCd and Hybrid answer a name they refuse (Piazza: RENAME's new name).
    /// </summary>
    public const string ErrBadChanName = "479";

    /// <summary><c>&lt;channel&gt; :Bad Channel Mask</c></summary>
    public const string ErrBadChanMask = "476";

    /// <summary><c>&lt;client&gt; :Permission Denied- You're not an IRC operator</c></summary>
    public const string ErrNoPrivileges = "481";

    /// <summary><c>&lt;client&gt; &lt;channel&gt; :You're not channel operator</c></summary>
    public const string ErrChanOPrivsNeeded = "482";

    /// <summary><c>&lt;client&gt; :No O-lines for your host</c></summary>
    public const string ErrNoOperHost = "491";

    /// <summary><c>&lt;client&gt; :Unknown MODE flag</c></summary>
    public const string ErrUModeUnknownFlag = "501";

    /// <summary><c>&lt;client&gt; :Cant change mode for other users</c></summary>
    public const string ErrUsersDontMatch = "502";

    /// <summary><c>&lt;client&gt; &lt;subject&gt; :No help available on this topic</c></summary>
    public const string ErrHelpNotFound = "524";

    /// <summary><c>&lt;client&gt; &lt;nick&gt; :is using a secure connection</c></summary>
    public const string RplWhoisSecure = "671";

    /// <summary><c>&lt;client&gt; &lt;target chan/user&gt; &lt;mode char&gt; &lt;parameter&gt; :&lt;description&gt;</c></summary>
    public const string ErrInvalidModeParam = "696";

    /// <summary><c>&lt;client&gt; &lt;subject&gt; :&lt;first line of help section&gt;</c></summary>
    public const string RplHelpStart = "704";

    /// <summary><c>&lt;client&gt; &lt;subject&gt; :&lt;line of help text&gt;</c></summary>
    public const string RplHelpTxt = "705";

    /// <summary><c>&lt;client&gt; &lt;subject&gt; :&lt;last line of help text&gt;</c></summary>
    public const string RplEndOfHelp = "706";

    /// <summary><c>&lt;client&gt; :target[!user@host][,target[!user@host]]*</c> (https://ircv3.net/specs/extensions/monitor)</summary>
    public const string RplMonOnline = "730";

    /// <summary><c>&lt;client&gt; :target[,target2]*</c></summary>
    public const string RplMonOffline = "731";

    /// <summary><c>&lt;client&gt; :target[,target2]*</c></summary>
    public const string RplMonList = "732";

    /// <summary><c>&lt;client&gt; :End of MONITOR list</c></summary>
    public const string RplEndOfMonList = "733";

    /// <summary><c>&lt;client&gt; &lt;limit&gt; &lt;targets&gt; :Monitor list is full.</c></summary>
    public const string ErrMonListFull = "734";

    /// <summary><c>&lt;client&gt; &lt;nick&gt;!&lt;user&gt;@&lt;host&gt; &lt;account&gt; :You are now logged in as &lt;username&gt;</c></summary>
    public const string RplLoggedIn = "900";

    /// <summary><c>&lt;client&gt; &lt;nick&gt;!&lt;user&gt;@&lt;host&gt; :You are now logged out</c></summary>
    public const string RplLoggedOut = "901";

    /// <summary><c>&lt;client&gt; :You must use a nick assigned to you</c></summary>
    public const string ErrNickLocked = "902";

    /// <summary><c>&lt;client&gt; :SASL authentication successful</c></summary>
    public const string RplSaslSuccess = "903";

    /// <summary><c>&lt;client&gt; :SASL authentication failed</c></summary>
    public const string ErrSaslFail = "904";

    /// <summary><c>&lt;client&gt; :SASL message too long</c></summary>
    public const string ErrSaslTooLong = "905";

    /// <summary><c>&lt;client&gt; :SASL authentication aborted</c></summary>
    public const string ErrSaslAborted = "906";

    /// <summary><c>&lt;client&gt; :You have already authenticated using SASL</c></summary>
    public const string ErrSaslAlready = "907";

    /// <summary><c>&lt;client&gt; &lt;mechanisms&gt; :are available SASL mechanisms</c></summary>
    public const string RplSaslMechs = "908";
}
