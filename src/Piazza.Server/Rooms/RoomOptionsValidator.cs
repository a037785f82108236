using Microsoft.Extensions.Options;

using Piazza.Server.Settings;

namespace Piazza.Server.Rooms;

/// <summary>Checks <c>Rooms:*</c> at startup.</summary>
internal sealed class RoomOptionsValidator : IValidateOptions<RoomOptions>
{
    /// <summary>The most <see cref="RoomOptions.MaxRegisteredPerAccount"/> may be: what one account can make the server keep and restore.</summary>
    public const int MaxRegisteredPerAccount = 1_000;

    public ValidateOptionsResult Validate(string? name, RoomOptions options)
    {
        var problems = new SettingProblems(RoomOptions.Section);
        problems.InRange(options.MaxRegisteredPerAccount, nameof(RoomOptions.MaxRegisteredPerAccount), 1, MaxRegisteredPerAccount);
        return problems.ToResult();
    }
}
