namespace Piazza.Client.Input;

/// <summary>
/// Tab completion of the word before the cursor, case-insensitively: a /command at the start of
/// the line, a room name when the word starts with '#', otherwise a nick (or an open
/// conversation's name). A nick completed at the start of the line gets ": " (addressing
/// someone, as in IRC), anything else a space. Pressing Tab again straight away replaces the
/// completion with the next candidate, in alphabetical order, wrapping around.
/// </summary>
internal sealed class TabCompleter
{
    private List<string>? _candidates;
    private int _index;
    private bool _addressing;
    private string _before = string.Empty;
    private string _after = string.Empty;
    private InputText _last;

    /// <summary>The input with the word completed, or null when nothing fits (the input stays as it is).</summary>
    public InputText? Complete(InputText input, CompletionWords words)
    {
        if (_candidates is not null && input == _last)
        {
            _index = (_index + 1) % _candidates.Count;
        }
        else if (!Start(input, words))
        {
            return null;
        }

        var word = _candidates![_index];
        var suffix = _addressing && !word.StartsWith('/') && !IsRoom(word) ? ": " : " ";
        var text = _before + word + suffix + _after;
        _last = new InputText(text, _before.Length + word.Length + suffix.Length);
        return _last;
    }

    /// <summary>Ends a run of Tabs: the next Tab completes afresh (any other key does this).</summary>
    public void Reset() => _candidates = null;

    private bool Start(InputText input, CompletionWords words)
    {
        Reset();
        var text = input.Text;
        var cursor = Math.Clamp(input.Cursor, 0, text.Length);
        var start = cursor;
        while (start > 0 && text[start - 1] != ' ')
        {
            start--;
        }

        var end = cursor;
        while (end < text.Length && text[end] != ' ')
        {
            end++;
        }

        var prefix = text[start..cursor];
        if (prefix.Length == 0)
        {
            return false;
        }

        var candidates = Candidates(prefix, start == 0, words);
        if (candidates.Count == 0)
        {
            return false;
        }

        _candidates = candidates;
        _index = 0;
        _addressing = start == 0;
        _before = text[..start];
        _after = text[end..].TrimStart(' ');
        return true;
    }

    /// <summary>
    /// Commands and rooms alphabetically; nicks in the order given (the screen gives the people
    /// who spoke last first, as they are the likeliest to be answered), then rooms.
    /// </summary>
    private static List<string> Candidates(string prefix, bool atStart, CompletionWords words)
    {
        IEnumerable<string> pool = prefix.StartsWith('/') && atStart
            ? Alphabetical(words.Commands)
            : IsRoom(prefix) ? Alphabetical(words.Rooms) : words.Nicks.Concat(Alphabetical(words.Rooms));
        return pool
            .Where(w => w.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static IEnumerable<string> Alphabetical(IEnumerable<string> words) => words.Order(StringComparer.OrdinalIgnoreCase);

    private static bool IsRoom(string word) => word.StartsWith('#') || word.StartsWith('&');
}
