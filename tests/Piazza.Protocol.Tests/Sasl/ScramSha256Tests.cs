using System.Text;

using Piazza.Protocol.Sasl;

namespace Piazza.Protocol.Tests.Sasl;

/// <summary>SCRAM-SHA-256's arithmetic against RFC 7677 §3's example (user "user", password "pencil").</summary>
public sealed class ScramSha256Tests
{
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public void The_rfc_7677_exchange_computes_its_proof_and_signature_and_parses_both_ways()
    {
        Assert.Equal(ScramError.None, ScramMessages.TryParseClientFirst(ClientFirst, out var first));
        Assert.Equal(new ScramClientFirst("n,,", null, "user", "rOprNGfwEbeRWgbNEkqO", "n=user,r=rOprNGfwEbeRWgbNEkqO"), first);
        Assert.Equal(ClientFirst, ScramMessages.ClientFirst("user", "rOprNGfwEbeRWgbNEkqO"));
        Assert.Equal(ScramError.None, ScramMessages.TryParseServerFirst(ServerFirst, out var serverFirst));
        Assert.Equal(4096, serverFirst!.Iterations);
        Assert.Equal(ServerFirst, ScramMessages.ServerFirst(serverFirst.Nonce, serverFirst.Salt, 4096));
        Assert.Equal(ScramError.None, ScramMessages.TryParseClientFinal(ClientFinal, out var final));
        Assert.Equal("biws", final!.ChannelBinding);
        Assert.Equal(serverFirst.Nonce, final.Nonce);
        Assert.Equal(ScramMessages.ClientFinalWithoutProof("n,,", serverFirst.Nonce), final.WithoutProof);

        var salted = ScramSha256.SaltedPassword("pencil", serverFirst.Salt, 4096);
        var clientKey = ScramSha256.ClientKey(salted);
        var storedKey = ScramSha256.StoredKey(clientKey);
        var serverKey = ScramSha256.ServerKey(salted);
        var authMessage = ScramSha256.AuthMessage(first!.Bare, ServerFirst, final.WithoutProof);

        Assert.Equal(final.Proof, ScramSha256.ClientProof(clientKey, authMessage));
        Assert.True(ScramSha256.VerifyProof(storedKey, authMessage, final.Proof));
        var signature = ScramSha256.ServerSignature(serverKey, authMessage);
        Assert.Equal(ServerFinal, ScramMessages.ServerFinal(signature));
        Assert.Equal(signature, ScramMessages.TryParseServerFinal(ServerFinal, out var error));
        Assert.Null(error);
        Assert.True(ScramSha256.VerifyServerSignature(serverKey, authMessage, signature));

        // One bit off, a proof of the wrong length, another AuthMessage: refused, never thrown.
        var tampered = (byte[])final.Proof.Clone();
        tampered[0] ^= 1;
        Assert.False(ScramSha256.VerifyProof(storedKey, authMessage, tampered));
        Assert.False(ScramSha256.VerifyProof(storedKey, authMessage, final.Proof.AsSpan(1)));
        Assert.False(ScramSha256.VerifyProof(storedKey, authMessage + "x", final.Proof));
    }

    [Theory]
    [InlineData("y,,n=user,r=abc", "user")]
    [InlineData("n,a=user,n=user,r=abc", "user")]
    [InlineData("n,,n=a=2Cb=3Dc,r=abc,x=ext", "a,b=c")]
    public void A_client_first_message_with_y_an_authzid_escapes_or_extensions_parses(string text, string user)
    {
        Assert.Equal(ScramError.None, ScramMessages.TryParseClientFirst(text, out var first));
        Assert.Equal(user, first!.UserName);
        Assert.Equal(text, first.Gs2Header + first.Bare);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc", ScramError.ChannelBindingUnsupported)]
    [InlineData("n,,m=ext,n=user,r=abc", ScramError.MandatoryExtension)]
    [InlineData("", ScramError.Malformed)]
    [InlineData("n,,", ScramError.Malformed)]
    [InlineData("x,,n=user,r=abc", ScramError.Malformed)]
    [InlineData("n,b=x,n=user,r=abc", ScramError.Malformed)]
    [InlineData("n,a=,n=user,r=abc", ScramError.Malformed)]
    [InlineData("n,,n=,r=abc", ScramError.Malformed)]
    [InlineData("n,,n=us=er,r=abc", ScramError.Malformed)]
    [InlineData("n,,n=user,r=", ScramError.Malformed)]
    [InlineData("n,,r=abc,n=user", ScramError.Malformed)]
    [InlineData("n,,n=user,r=abc,1=x", ScramError.Malformed)]
    [InlineData("n,,n=user,r=ab c", ScramError.Malformed)]
    public void A_bad_client_first_message_is_refused_with_its_reason(string text, ScramError expected)
    {
        Assert.Equal(expected, ScramMessages.TryParseClientFirst(text, out var first));
        Assert.Null(first);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c=biws,r=abc")]
    [InlineData("c=biws,r=abc,p=***")]
    [InlineData("c=b!ws,r=abc,p=AAAA")]
    [InlineData("r=abc,c=biws,p=AAAA")]
    [InlineData("c=biws,r=abc,p=AAAA,x=late")]
    [InlineData("c=biws,r=,p=AAAA")]
    public void A_bad_client_final_message_is_malformed(string text)
    {
        Assert.Equal(ScramError.Malformed, ScramMessages.TryParseClientFinal(text, out var final));
        Assert.Null(final);
    }

    [Theory]
    [InlineData("r=abc,s=AAAA,i=0")]
    [InlineData("r=abc,s=AAAA,i=99999999999")]
    [InlineData("r=abc,s=,i=4096")]
    [InlineData("r=abc,i=4096,s=AAAA")]
    [InlineData("e=other-error")]
    public void A_bad_server_first_message_is_refused(string text) =>
        Assert.NotEqual(ScramError.None, ScramMessages.TryParseServerFirst(text, out _));

    [Fact]
    public void Every_prefix_of_every_message_reads_without_throwing()
    {
        foreach (var message in new[] { ClientFirst, ServerFirst, ClientFinal, ServerFinal, "n,a=u=2C,n=u=3D,r=x,y=z" })
        {
            for (var length = 0; length <= message.Length; length++)
            {
                var prefix = message[..length];
                ScramMessages.TryParseClientFirst(prefix, out _);
                ScramMessages.TryParseClientFinal(prefix, out _);
                ScramMessages.TryParseServerFirst(prefix, out _);
                ScramMessages.TryParseServerFinal(prefix, out _);
            }
        }
    }

    [Fact]
    public void A_password_has_its_non_ascii_spaces_mapped_and_an_ascii_one_is_left_alone()
    {
        Assert.Equal("correct horse", SaslPassword.Normalize("correct horse"));
        Assert.Equal("a b c", SaslPassword.Normalize("a\u00a0b\u3000c"));
        Assert.Equal("e\u0301t\u00e9", SaslPassword.Normalize("e\u0301t\u00e9"));
        Assert.Equal("\ud800x", SaslPassword.Normalize("\ud800x"));
        Assert.Equal(
            ScramSha256.SaltedPassword("a b", Encoding.UTF8.GetBytes("salt"), 1),
            ScramSha256.SaltedPassword("a\u00a0b", Encoding.UTF8.GetBytes("salt"), 1));
    }
}
