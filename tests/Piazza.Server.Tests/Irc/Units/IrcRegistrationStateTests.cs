using Piazza.Server.Irc;

namespace Piazza.Server.Tests.Irc.Units;

/// <summary>The registration state machine: when NICK, USER and CAP make a client ready to register. No sockets.</summary>
public sealed class IrcRegistrationStateTests
{
    [Fact]
    public void Nick_and_user_in_either_order_make_it_ready()
    {
        var nickFirst = new IrcRegistration();
        nickFirst.SetNick("ann");
        Assert.False(nickFirst.IsReady);
        nickFirst.SetUser("ann", "Ann A");
        Assert.True(nickFirst.IsReady);

        var userFirst = new IrcRegistration();
        userFirst.SetUser("bob", "Bob B");
        Assert.False(userFirst.IsReady);
        userFirst.SetNick("bob");
        Assert.True(userFirst.IsReady);
        Assert.Equal(("bob", "~bob", "Bob B"), (userFirst.Nick, userFirst.User, userFirst.RealName));
    }

    [Fact]
    public void Cap_holds_registration_until_cap_end()
    {
        var registration = Named();
        registration.HoldForCap();
        Assert.False(registration.IsReady);

        Assert.True(registration.EndCap());

        Assert.True(registration.IsReady);
        Assert.False(registration.EndCap());
    }

    [Fact]
    public void Cap_after_registration_holds_nothing()
    {
        var registration = Named();
        registration.Complete();

        registration.HoldForCap();

        Assert.False(registration.EndCap());
        Assert.False(registration.IsReady);
        Assert.True(registration.IsComplete);
    }

    [Fact]
    public void A_refused_nick_waits_for_another()
    {
        var registration = Named();

        registration.NickRefused();

        Assert.Null(registration.Nick);
        Assert.False(registration.IsReady);
        registration.SetNick("ann_");
        Assert.True(registration.IsReady);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", null, true)]
    [InlineData("secret", null, false)]
    [InlineData("secret", "Secret", false)]
    [InlineData("secret", "secret", true)]
    public void The_password_must_match_only_when_the_server_has_one(string? required, string? given, bool matches)
    {
        var registration = Named();
        if (given is not null)
        {
            registration.SetPassword(given);
        }

        Assert.Equal(matches, registration.PasswordMatches(required));
    }

    [Theory]
    [InlineData("ann", "~ann")]
    [InlineData("a.b-c_d", "~a.b-c_d")]
    [InlineData("évé!@x", "~vx")]
    [InlineData("!!!", "~user")]
    [InlineData("abcdefghijklmnop", "~abcdefghij")]
    public void A_user_name_is_marked_unverified_plain_and_short(string typed, string shown)
    {
        Assert.Equal(shown, IrcRegistration.UserName(typed));
    }

    private static IrcRegistration Named()
    {
        var registration = new IrcRegistration();
        registration.SetNick("ann");
        registration.SetUser("ann", "Ann A");
        return registration;
    }
}
