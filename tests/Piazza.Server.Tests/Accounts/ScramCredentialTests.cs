using Piazza.Protocol.Sasl;
using Piazza.Server.Accounts;
using Piazza.Server.Operators;

namespace Piazza.Server.Tests.Accounts;

/// <summary>The stored SCRAM credential: its string, its checks, and the old format's upgrade.</summary>
public sealed class ScramCredentialTests
{
    [Fact]
    public void A_credential_round_trips_verifies_only_its_password_and_holds_no_password_equivalent()
    {
        var credential = ScramCredential.Create("s3cret pass", 1000);
        var text = credential.Format();

        var parts = text.Split('$');
        Assert.Equal(["scram-sha-256", "1000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[4]).Length);
        var parsed = Assert.IsType<ScramCredential>(ScramCredential.TryParse(text, 1000));
        Assert.Equal(text, parsed.Format());
        Assert.True(parsed.Verify("s3cret pass"));
        Assert.False(parsed.Verify("s3cret pass "));
        Assert.False(parsed.Verify("S3cret pass"));

        // Neither stored key is SaltedPassword or ClientKey, what a SCRAM client needs to log in.
        var salted = ScramSha256.SaltedPassword("s3cret pass", parsed.Salt, 1000);
        Assert.DoesNotContain(Convert.ToBase64String(salted), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(ScramSha256.ClientKey(salted)), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("scram-sha-256")]
    [InlineData("scram-sha-256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$-1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$1000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("scram-sha-256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    [InlineData("pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Anything_else_is_not_a_credential_and_nothing_throws(string? text) =>
        Assert.Null(ScramCredential.TryParse(text, 1000));

    [Fact]
    public void An_old_pbkdf2_hash_holds_saltedpassword_itself_which_is_why_it_is_never_converted_as_it_is()
    {
        var legacy = PasswordHash.TryParse(PasswordHash.Hash("old password", 1000), 1000, out _)!;

        var converted = ScramCredential.FromSaltedPassword(legacy.Salt, legacy.Iterations, legacy.Key);

        // Whoever holds the old key could compute this credential: so the upgrade takes a new salt.
        Assert.Equal(ScramCredential.Create("old password", legacy.Salt, 1000).Format(), converted.Format());
        Assert.True(converted.Verify("old password"));
    }
}
