using System.Globalization;

namespace Piazza.Protocol.Irc;

/// <summary>
/// What a <c>LIST</c> parameter asks for (https://modern.ircdocs.horse/#list-message, ISUPPORT
/// <c>ELIST=CMNTU</c>): the conditions are read here, without knowing any channel; the server
/// applies them.
/// </summary>
/// <remarks>
/// <code>
///   list-param = item *( "," item )        ; at most MaxItems items are read, the rest ignored
///   item       = ">" n / "<" n             ; U: more / fewer than n members
///              / "C>" n / "C<" n           ; C: created more / less than n minutes ago
///              / "T>" n / "T<" n           ; T: topic set more / less than n minutes ago (no topic: never)
///              / "!" mask                  ; N: channels the mask does not match
///              / mask                      ; M: channels it matches (a name without wildcards is that channel)
///   n          = 1*9DIGIT
/// </code>
/// All the conditions hold together, but masks, which any one may match (a list of names is a
/// list). An item that reads as none of these (">x", "C>") is ignored, as InspIRCd does; the
/// masks are matched as ban masks are (ircdocs wildcards, ASCII case).
/// </remarks>
/// <param name="MoreUsersThan">Members must be more than this.</param>
/// <param name="FewerUsersThan">Members must be fewer than this.</param>
/// <param name="CreatedMoreThanMinutesAgo">The channel must be older than this many minutes.</param>
/// <param name="CreatedLessThanMinutesAgo">The channel must be younger than this many minutes.</param>
/// <param name="TopicMoreThanMinutesAgo">The topic must have been set longer ago than this.</param>
/// <param name="TopicLessThanMinutesAgo">The topic must have been set less long ago than this.</param>
/// <param name="Masks">Channel masks, any of which may match; none means any channel.</param>
/// <param name="NotMasks">Channel masks none of which may match.</param>
public sealed record IrcListFilter(
    int? MoreUsersThan,
    int? FewerUsersThan,
    int? CreatedMoreThanMinutesAgo,
    int? CreatedLessThanMinutesAgo,
    int? TopicMoreThanMinutesAgo,
    int? TopicLessThanMinutesAgo,
    IReadOnlyList<string> Masks,
    IReadOnlyList<string> NotMasks)
{
    /// <summary>How many comma-separated items one LIST reads; a line holds few more.</summary>
    public const int MaxItems = 32;

    /// <summary>ISUPPORT ELIST: the filters <see cref="Parse"/> reads.</summary>
    public const string ElistToken = "CMNTU";

    /// <summary>Reads a LIST parameter. Never throws.</summary>
    public static IrcListFilter Parse(string parameter)
    {
        int? more = null, fewer = null, createdMore = null, createdLess = null, topicMore = null, topicLess = null;
        var masks = new List<string>();
        var notMasks = new List<string>();
        foreach (var item in parameter.Split(',', StringSplitOptions.RemoveEmptyEntries).Take(MaxItems))
        {
            switch (item[0])
            {
                case '>':
                    more = Number(item.AsSpan(1)) ?? more;
                    break;
                case '<':
                    fewer = Number(item.AsSpan(1)) ?? fewer;
                    break;
                case 'C' or 'c' when item.Length > 1 && item[1] is '<' or '>':
                    ref var created = ref item[1] == '>' ? ref createdMore : ref createdLess;
                    created = Number(item.AsSpan(2)) ?? created;
                    break;
                case 'T' or 't' when item.Length > 1 && item[1] is '<' or '>':
                    ref var topic = ref item[1] == '>' ? ref topicMore : ref topicLess;
                    topic = Number(item.AsSpan(2)) ?? topic;
                    break;
                case '!' when item.Length > 1:
                    notMasks.Add(item[1..]);
                    break;
                case '!':
                    break;
                default:
                    masks.Add(item);
                    break;
            }
        }

        return new IrcListFilter(more, fewer, createdMore, createdLess, topicMore, topicLess, masks, notMasks);
    }

    private static int? Number(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 9 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
