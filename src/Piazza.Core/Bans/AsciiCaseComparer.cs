namespace Piazza.Core.Bans;

/// <summary>
/// Equal when two strings differ only in ASCII letter case: how <see cref="BanMask"/> folds case,
/// so two masks that match the same clients are one ban. <see cref="StringComparer.OrdinalIgnoreCase"/>
/// would also fold 'É' and 'é', which the matcher (and SQLite's NOCASE, the stored key) do not.
/// </summary>
internal sealed class AsciiCaseComparer : IEqualityComparer<string>
{
    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return ReferenceEquals(x, y);
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (BanMask.Lower(x[i]) != BanMask.Lower(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = default(HashCode);
        foreach (var c in obj)
        {
            hash.Add(BanMask.Lower(c));
        }

        return hash.ToHashCode();
    }
}
