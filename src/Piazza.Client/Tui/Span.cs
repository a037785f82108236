using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Piazza.Client.Tui;

/// <summary>A run of text drawn in one colour and style.</summary>
internal readonly record struct Span(string Text, Attribute Style);
