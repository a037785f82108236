namespace Piazza.Client.Input;

/// <summary>
/// The lines typed so far, recalled with Up and Down as in a shell: Up from the line being typed
/// keeps it as a draft, and Down past the newest line brings the draft back.
/// </summary>
internal sealed class InputHistory
{
    private readonly List<string> _lines = [];
    private readonly int _capacity;
    private int _position;
    private string _draft = string.Empty;

    /// <param name="capacity">How many lines are kept; older ones are forgotten.</param>
    public InputHistory(int capacity = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The lines kept, oldest first.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Remembers a line that was sent (not empty ones, nor the same line twice running) and stops browsing.</summary>
    public void Add(string line)
    {
        if (line.Length > 0 && (_lines.Count == 0 || _lines[^1] != line))
        {
            _lines.Add(line);
            if (_lines.Count > _capacity)
            {
                _lines.RemoveAt(0);
            }
        }

        _position = _lines.Count;
        _draft = string.Empty;
    }

    /// <summary>Up: the line before the one shown, or null when there is none (the input stays as it is).</summary>
    /// <param name="current">What the input holds now: kept as the draft when browsing starts.</param>
    public string? Previous(string current)
    {
        if (_position == 0)
        {
            return null;
        }

        if (_position == _lines.Count)
        {
            _draft = current;
        }

        _position--;
        return _lines[_position];
    }

    /// <summary>Down: the line after the one shown, the draft after the newest, or null when not browsing.</summary>
    public string? Next()
    {
        if (_position >= _lines.Count)
        {
            return null;
        }

        _position++;
        return _position == _lines.Count ? _draft : _lines[_position];
    }
}
