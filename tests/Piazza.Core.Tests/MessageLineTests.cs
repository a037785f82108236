using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="MessageLine"/>: a multiline message's lines, joined and split.</summary>
public class MessageLineTests
{
    [Fact]
    public void Join_puts_a_line_break_before_each_line_but_a_concatenated_one()
    {
        MessageLine[] lines = [new("hello", false), new(string.Empty, false), new("#how is ", false), new("everyone?", true)];

        var text = MessageLine.Join(lines);

        Assert.Equal("hello\n\n#how is everyone?", text);
        Assert.Equal(["hello", string.Empty, "#how is everyone?"], MessageLine.Split(text));
    }

    [Fact]
    public void Split_of_an_ordinary_text_is_the_text() =>
        Assert.Equal(["one line"], MessageLine.Split("one line"));
}
