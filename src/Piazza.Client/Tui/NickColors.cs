using Terminal.Gui.Drawing;

namespace Piazza.Client.Tui;

/// <summary>Each nick's colour: the same nick always gets the same one, in every run and every client.</summary>
internal static class NickColors
{
    // No white or grey (own lines and events use those), no blue (hard to read on black).
    private static readonly ColorName16[] Palette =
    [
        ColorName16.BrightRed, ColorName16.BrightGreen, ColorName16.BrightYellow, ColorName16.BrightMagenta,
        ColorName16.BrightCyan, ColorName16.Red, ColorName16.Green, ColorName16.Yellow, ColorName16.Cyan,
        ColorName16.Magenta,
    ];

    /// <summary>The colour for <paramref name="nick"/> (case-insensitive, as nicks are).</summary>
    public static ColorName16 For(string nick)
    {
        // FNV-1a, not string.GetHashCode: that one is randomised per process.
        var hash = 2166136261u;
        foreach (var c in nick)
        {
            hash ^= char.ToLowerInvariant(c);
            hash *= 16777619u;
        }

        return Palette[hash % (uint)Palette.Length];
    }
}
