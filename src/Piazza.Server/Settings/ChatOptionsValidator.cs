using Microsoft.Extensions.Options;

using Piazza.Core;

namespace Piazza.Server.Settings;

/// <summary>Checks <c>Chat:*</c> at startup; the rules live with the options in Core (<see cref="ChatOptions.Problems"/>).</summary>
internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var problems = new SettingProblems(ChatOptions.Section);
        problems.AddRange(options.Problems());
        return problems.ToResult();
    }
}
