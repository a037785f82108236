using Piazza.Server.Settings;

namespace Piazza.Server.Operators;

/// <summary>
/// The server operators' accounts, bound from the configuration section <c>Operators</c>, a list:
/// <code>
///   "Operators": [ { "Name": "root", "PasswordHash": "pbkdf2-sha256$600000$…$…" } ]
///   --Operators:0:Name=root --Operators:0:PasswordHash=pbkdf2-sha256$600000$…$…
/// </code>
/// Default: none, so nobody can become an operator. Make a hash with
/// <c>piazza-server hash-password</c>; a malformed one stops the server at startup, naming its key.
/// </summary>
[SectionBindsInto(nameof(Accounts))]
public sealed class OperatorOptions
{
    /// <summary>The configuration section these options bind from (a list, see <see cref="OperatorOptionsBinding"/>).</summary>
    public const string Section = "Operators";

    /// <summary>The accounts, in the order configured.</summary>
    public List<OperatorAccount> Accounts { get; } = [];
}

/// <summary>One operator account.</summary>
public sealed class OperatorAccount
{
    /// <summary>The name given to OPER (IRC) or /oper (plain); compared ignoring ASCII case.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The password's hash (<see cref="PasswordHash"/>'s format); never the password itself.</summary>
    public string PasswordHash { get; set; } = string.Empty;
}
