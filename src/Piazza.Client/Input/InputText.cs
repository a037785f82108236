namespace Piazza.Client.Input;

/// <summary>The input line's text and where the cursor is in it (a character index).</summary>
internal readonly record struct InputText(string Text, int Cursor);
