using Piazza.Core.History;

namespace Piazza.Storage.Tests;

/// <summary>The specification, run by the in-memory store.</summary>
public sealed class InMemoryMessageStoreSpecificationTests : MessageStoreSpecification
{
    protected override Task<IMessageStore> CreateStoreAsync() => Task.FromResult<IMessageStore>(new InMemoryMessageStore());
}
