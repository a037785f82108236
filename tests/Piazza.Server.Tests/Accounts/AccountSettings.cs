namespace Piazza.Server.Tests.Accounts;

/// <summary>Settings for servers with accounts in tests: a cheap KDF (the default's 600,000 iterations take a third of a second a check).</summary>
internal static class AccountSettings
{
    /// <summary>A password long enough for the default minimum.</summary>
    public const string Password = "correct horse battery";

    public static string[] Fast => ["Accounts:PasswordIterations=1000"];
}
