using Portal.Domain.ApiTokens;
using Portal.Domain.Security;

namespace Portal.UnitTests;

public sealed class RolesAndTokensTests
{
    [Theory]
    [InlineData("Viewer", new[] { "Admin", "Analyst", "Viewer" })]
    [InlineData("Analyst", new[] { "Admin", "Analyst" })]
    [InlineData("Admin", new[] { "Admin" })]
    public void A_role_requirement_is_met_by_that_role_and_the_ones_above(string minimum, string[] expected) =>
        Assert.Equal(expected, PortalRoles.AtLeast(minimum));

    [Fact]
    public void Unknown_roles_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortalRoles.AtLeast("Root"));
        Assert.False(PortalRoles.IsValid("admin")); // role names are case-sensitive, as Identity stores them
        Assert.False(PortalRoles.IsValid(null));
    }

    [Fact]
    public void Token_hash_is_sha256_hex() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokenService.Hash("abc"));

    private static ApiToken Token(DateTime? expires = null, DateTime? revoked = null) => new()
    {
        Name = "t", Role = PortalRoles.Viewer, TokenHash = "h", Prefix = "p", CreatedBy = "me",
        CreatedAt = new DateTime(2026, 1, 1), ExpiresAt = expires, RevokedAt = revoked,
    };

    [Fact]
    public void Token_state_follows_revocation_then_expiry()
    {
        var now = new DateTime(2026, 6, 1);
        Assert.Equal(ApiTokenState.Active, Token().StateAt(now));
        Assert.Equal(ApiTokenState.Active, Token(expires: now.AddTicks(1)).StateAt(now));
        Assert.Equal(ApiTokenState.Expired, Token(expires: now).StateAt(now));
        Assert.Equal(ApiTokenState.Revoked, Token(expires: now.AddDays(-1), revoked: now.AddDays(-2)).StateAt(now));
    }
}
