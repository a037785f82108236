using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// Cache slots are handed out, never picked: each format gets its own, a format cannot claim
/// twice, and running out says which formats hold them. Each test has a registry of its own
/// (the process's one is <see cref="EncoderSlots"/>, claimed by <see cref="CountingEncoder"/>).
/// </summary>
public class EncoderSlotRegistryTests
{
    [Fact]
    public void Each_format_gets_the_next_free_slot()
    {
        var registry = new EncoderSlotRegistry(3);

        var slots = new[] { registry.Claim("plain"), registry.Claim("irc"), registry.Claim("json") };

        Assert.Equal([0, 1, 2], slots.Select(s => s.Index));
        Assert.Equal("irc (slot 1)", slots[1].ToString());
    }

    [Fact]
    public void A_format_that_claims_twice_is_refused_with_its_name_and_slot()
    {
        var registry = new EncoderSlotRegistry(3);
        registry.Claim("plain");
        registry.Claim("irc");

        var refused = Assert.Throws<InvalidOperationException>(() => registry.Claim("irc"));

        Assert.Equal(
            "The wire format 'irc' claimed an event cache slot twice (it has slot 1): each format's encoder must be made once and shared.",
            refused.Message);
        Assert.Equal(2, registry.Claim("json").Index);
    }

    [Fact]
    public void A_format_past_the_last_slot_is_refused_with_the_formats_that_hold_them()
    {
        var registry = new EncoderSlotRegistry(2);
        registry.Claim("plain");
        registry.Claim("irc");

        var refused = Assert.Throws<InvalidOperationException>(() => registry.Claim("json"));

        Assert.Equal(
            "No event cache slot is left for the wire format 'json': all 2 are taken by 'plain', 'irc'. Raise ChatEvent.EncoderSlots.",
            refused.Message);
    }

    [Fact]
    public async Task Formats_claiming_at_once_get_distinct_slots()
    {
        var registry = new EncoderSlotRegistry(ChatEvent.EncoderSlots);

        var slots = await Task.WhenAll(Enumerable.Range(0, ChatEvent.EncoderSlots)
            .Select(i => Task.Run(() => registry.Claim($"format {i}"))))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, ChatEvent.EncoderSlots), slots.Select(s => s.Index).Order());
    }
}
