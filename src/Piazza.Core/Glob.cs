namespace Piazza.Core;

/// <summary>IRC-style glob matching ('*' any run, '?' one character), ASCII case-insensitive.</summary>
internal static class Glob
{
    /// <summary>
    /// True when <paramref name="pattern"/> matches all of <paramref name="text"/>. Greedy with
    /// one backtrack point, so hostile patterns like <c>*a*a*a*b</c> cost O(n·m), never more.
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
}
