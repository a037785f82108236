using Piazza.Server.Operators;
using Piazza.Testing;

namespace Piazza.Server.Tests.Operators;

/// <summary>One operator account for the tests: its hash is made once (a KDF costs about half a second).</summary>
internal static class OperatorAccounts
{
    public const string Name = "root";
    public const string Password = "correct horse battery";

    private static readonly Lazy<string> LazyHash = new(() => PasswordHash.Hash(Password));

    /// <summary>The settings that configure the account, for TestServer.</summary>
    public static string[] Settings => [$"Operators:0:Name={Name}", $"Operators:0:PasswordHash={LazyHash.Value}"];
}
