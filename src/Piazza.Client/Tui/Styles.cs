using Terminal.Gui.Drawing;

using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Piazza.Client.Tui;

/// <summary>The screen's colours. Backgrounds are the terminal's own (Color.None) except in the bars.</summary>
internal static class Styles
{
    public static readonly Attribute Text = new(Color.None, Color.None);
    public static readonly Attribute Timestamp = Fg(ColorName16.Gray);
    public static readonly Attribute Event = Fg(ColorName16.DarkGray);
    public static readonly Attribute Info = Fg(ColorName16.Cyan);
    public static readonly Attribute Error = Fg(ColorName16.BrightRed);
    public static readonly Attribute Gap = Fg(ColorName16.Yellow);
    public static readonly Attribute History = Fg(ColorName16.DarkGray);
    // The terminal's own colour, bold: readable on dark and light backgrounds alike.
    public static readonly Attribute OwnNick = new(Color.None, Color.None, TextStyle.Bold);
    public static readonly Attribute Mention = new(new Color(ColorName16.BrightYellow), Color.None, TextStyle.Bold);
    public static readonly Attribute UnreadMarker = Fg(ColorName16.BrightRed);
    public static readonly Attribute MoreBelow = new(ColorName16.Black, ColorName16.Yellow);

    // A muted blue: ColorName16.Blue is pure (0, 0, 255), glaring behind white text. Terminals
    // without true colour get the nearest of their own.
    private static readonly Color BarBackground = new(38, 79, 120, 255);
    public static readonly Attribute Bar = new(new Color(ColorName16.White), BarBackground);
    public static readonly Attribute BarDim = new(new Color(160, 175, 190, 255), BarBackground);
    public static readonly Attribute BarRoom = new(new Color(ColorName16.White), BarBackground, TextStyle.Bold);
    public static readonly Attribute BarConnected = new(new Color(ColorName16.BrightGreen), BarBackground);
    public static readonly Attribute BarConnecting = new(new Color(ColorName16.BrightYellow), BarBackground);
    public static readonly Attribute BarDisconnected = new(new Color(ColorName16.BrightRed), BarBackground, TextStyle.Bold);
    public static readonly Attribute BarUnread = new(new Color(ColorName16.BrightCyan), BarBackground);
    public static readonly Attribute BarMention = new(new Color(ColorName16.BrightMagenta), BarBackground, TextStyle.Bold);

    /// <summary>A nick in its colour; <paramref name="dim"/> for history.</summary>
    public static Attribute Nick(string nick, bool dim) =>
        new(new Color(NickColors.For(nick)), Color.None, dim ? TextStyle.Faint : TextStyle.None);

    private static Attribute Fg(ColorName16 color) => new(new Color(color), Color.None);
}
