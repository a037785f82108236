using Microsoft.Extensions.Options;

using Piazza.Core;
using Piazza.Server.Settings;

namespace Piazza.Server.Operators;

/// <summary>Checks the operator accounts at startup; each failure names its key (<c>Operators:0:PasswordHash …</c>).</summary>
internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var problems = new SettingProblems(OperatorOptions.Section);
        var seen = new HashSet<string>(NickName.Comparer);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            if (string.IsNullOrWhiteSpace(account.Name) || account.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                problems.Add($"{i}:{nameof(OperatorAccount.Name)}", $"must be one word (was '{account.Name}')");
            }
            else if (!seen.Add(account.Name))
            {
                problems.Add($"{i}:{nameof(OperatorAccount.Name)}", $"'{account.Name}' is configured twice");
            }

            if (PasswordHash.TryParse(account.PasswordHash, out var why) is null)
            {
                // The hash is not echoed: it is no password, but it need not be in logs either.
                problems.Add($"{i}:{nameof(OperatorAccount.PasswordHash)}", why ?? "is not a password hash");
            }
        }

        return problems.ToResult();
    }
}
