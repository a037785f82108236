namespace Piazza.Client.Input;

/// <summary>What Tab can complete a word to at the moment.</summary>
/// <param name="Commands">The client's /commands.</param>
/// <param name="Nicks">The people in the shown conversation, likeliest first (offered in this order).</param>
/// <param name="Rooms">The open conversations' names: rooms and private conversations.</param>
internal sealed record CompletionWords(IEnumerable<string> Commands, IEnumerable<string> Nicks, IEnumerable<string> Rooms);
