using Microsoft.Extensions.Options;

using Piazza.Server.Operators;
using Piazza.Server.Settings;

namespace Piazza.Server.Accounts;

/// <summary>Checks <c>Accounts:*</c> at startup.</summary>
internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    /// <summary>The fewest iterations allowed at all (tests); below <see cref="PasswordHash.MinIterations"/> the server warns.</summary>
    public const int MinIterations = 1_000;

    /// <summary>The longest password accepted: a KDF over a megabyte would be a cheap way to burn a core.</summary>
    public const int MaxPasswordLength = 1024;

    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var problems = new SettingProblems(AccountOptions.Section);
        if (!Enum.IsDefined(options.Registration))
        {
            problems.Add(nameof(AccountOptions.Registration), $"must be Open, Closed or OperatorsOnly (was '{options.Registration}')");
        }

        problems.InRange(options.MinPasswordLength, nameof(AccountOptions.MinPasswordLength), 1, MaxPasswordLength);
        problems.InRange(options.PasswordIterations, nameof(AccountOptions.PasswordIterations), MinIterations, PasswordHash.MaxIterations);
        problems.InRange(options.FreeLoginFailures, nameof(AccountOptions.FreeLoginFailures), 1, 1_000);
        problems.InRange(options.MaxLoginDelaySeconds, nameof(AccountOptions.MaxLoginDelaySeconds), 1, 86_400);
        problems.InRange(options.NickGraceSeconds, nameof(AccountOptions.NickGraceSeconds), 0, 86_400);
        if (options.RequireForNicks && options.NickGraceSeconds == 0)
        {
            problems.Add(nameof(AccountOptions.RequireForNicks), "needs Accounts:NickGraceSeconds above 0: it is the time a client has to log in before losing a nick it chose");
        }
        return problems.ToResult();
    }
}
