using System.Text;

using Piazza.Client.Irc;

namespace Piazza.Client.Tests.Model;

/// <summary>SASL PLAIN's payload and its 400-character chunks, which servers to use it with, and where passwords are hidden. No sockets.</summary>
public sealed class SaslPlainTests
{
    [Fact]
    public void A_short_payload_is_one_chunk_of_empty_authzid_account_and_password()
    {
        var chunks = SaslPlain.Chunks("alice", "secret pw");

        var chunk = Assert.Single(chunks);
        Assert.Equal("\0alice\0secret pw", Encoding.UTF8.GetString(Convert.FromBase64String(chunk)));
    }

    [Theory]
    [InlineData(400, new[] { 400, 1 })]
    [InlineData(800, new[] { 400, 400, 1 })]
    [InlineData(404, new[] { 400, 4 })]
    [InlineData(396, new[] { 396 })]
    public void A_payload_is_cut_in_400s_and_an_exact_multiple_is_followed_by_a_plus(int payloadLength, int[] chunkLengths)
    {
        // base64 of n bytes is 4n/3 long: the account and its two NULs are 7 bytes ("\0alice\0").
        var password = new string('p', (payloadLength * 3 / 4) - 7);

        var chunks = SaslPlain.Chunks("alice", password);

        Assert.Equal(chunkLengths, chunks.Select(c => c.Length));
        Assert.Equal(payloadLength, chunks.Where(c => c != "+").Sum(c => c.Length));
        if (payloadLength % 400 == 0)
        {
            Assert.Equal("+", chunks[^1]);
        }

        var payload = string.Concat(chunks.Where(c => c != "+"));
        Assert.Equal("\0alice\0" + password, Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("PLAIN", true)]
    [InlineData("EXTERNAL,PLAIN", true)]
    [InlineData("plain", true)]
    [InlineData("EXTERNAL", false)]
    [InlineData("SCRAM-SHA-256,EXTERNAL", false)]
    public void Plain_is_used_when_the_cap_names_it_or_names_nothing(string? value, bool offered) =>
        Assert.Equal(offered, SaslPlain.IsOffered(value));

    [Theory]
    [InlineData("PASS hunter22\r\n", "PASS <hidden>\r\n")]
    [InlineData("REGISTER * * :hunter22\r\n", "REGISTER <hidden>\r\n")]
    [InlineData("AUTHENTICATE AGFsaWNlAGh1bnRlcjIy\r\n", "AUTHENTICATE <hidden>\r\n")]
    [InlineData("AUTHENTICATE PLAIN\r\n", "AUTHENTICATE PLAIN\r\n")]
    [InlineData("AUTHENTICATE +\r\n", "AUTHENTICATE +\r\n")]
    [InlineData("PRIVMSG #lobby :PASS is fine here\r\n", "PRIVMSG #lobby :PASS is fine here\r\n")]
    public void A_trace_hides_what_carries_a_password(string line, string traced) =>
        Assert.Equal(traced, IrcConnection.Redacted(line));

    [Theory]
    [InlineData("/register hunter22", true)]
    [InlineData("/LOGIN alice hunter22", true)]
    [InlineData("/oper root hunter22", true)]
    [InlineData("/registered is a word", false)]
    [InlineData("hello", false)]
    public void Lines_holding_a_password_stay_out_of_the_input_history(string line, bool holds) =>
        Assert.Equal(holds, ChatController.HoldsPassword(line));
}
