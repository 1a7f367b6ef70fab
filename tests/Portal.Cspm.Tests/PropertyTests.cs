using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Portal.Cspm;
using Xunit;

namespace Portal.Cspm.Tests;

/// <summary>Property tests of the NSG matching primitives against simple reference models.</summary>
public class PropertyTests
{
    [Fact]
    public void Port_range_covers_exactly_the_ports_between_its_bounds()
    {
        var gen = from lo in Gen.Choose(0, 65535)
                  from len in Gen.Choose(0, 2000)
                  from port in Gen.Choose(0, 65535)
                  select (lo, hi: Math.Min(65535, lo + len), port);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var expected = t.lo <= t.port && t.port <= t.hi;
            return NsgRules.RangeCovers($"{t.lo}-{t.hi}", t.port) == expected
                   && NsgRules.RangeCovers(t.lo.ToString(), t.port) == (t.lo == t.port)
                   && NsgRules.RangeCovers("*", t.port);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Cidr_contains_agrees_with_masking_the_addresses()
    {
        var gen = from a in Gen.Choose(0, int.MaxValue)
                  from b in Gen.Choose(0, int.MaxValue)
                  from bits in Gen.Choose(0, 32)
                  from near in Gen.Elements(true, false)
                  select (net: (uint)a * 2u, ip: near ? (uint)a * 2u ^ (uint)(b & 0xFF) : (uint)b * 2u + 1u, bits);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var mask = t.bits == 0 ? 0u : uint.MaxValue << (32 - t.bits);
            var expected = (t.net & mask) == (t.ip & mask);
            return NsgRules.CidrContains($"{Ip(t.net)}/{t.bits}", Ip(t.ip)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    private static string Ip(uint v) => new IPAddress(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToString();
}
