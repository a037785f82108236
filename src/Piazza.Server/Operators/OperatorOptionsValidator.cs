using Microsoft.Extensions.Options;

using Piazza.Core;

namespace Piazza.Server.Operators;

/// <summary>Checks the operator accounts at startup; each failure names its key (<c>Operators:0:PasswordHash …</c>).</summary>
internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(NickName.Comparer);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var key = $"{OperatorOptions.Section}:{i}";
            if (string.IsNullOrWhiteSpace(account.Name) || account.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                failures.Add($"{key}:{nameof(OperatorAccount.Name)} must be one word (was '{account.Name}')");
            }
            else if (!seen.Add(account.Name))
            {
                failures.Add($"{key}:{nameof(OperatorAccount.Name)} '{account.Name}' is configured twice");
            }

            if (PasswordHash.TryParse(account.PasswordHash, out var why) is null)
            {
                // The hash is not echoed: it is no password, but it need not be in logs either.
                failures.Add($"{key}:{nameof(OperatorAccount.PasswordHash)} {why}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
