using Portal.Domain.Cloud;
using static Portal.Domain.Cloud.CredentialInputCheck;

namespace Portal.Azure.Tests;

public class CredentialInputCheckTests
{
    private const string Tenant = "7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e41";
    private const string Client = "3b6c8e1f-5a2d-4c7b-9e0f-1a2b3c4d5e6f";
    private const string Secret = "Xq78Q~demo.Responder.Secret~d3m0Kx9vR2pL7sT4wYb";

    [Fact]
    public void Good_values_pass_unchanged()
    {
        var r = Check(CloudKind.AzurePublic, Tenant, Client, Secret);
        Assert.True(r.IsValid);
        Assert.Empty(r.Issues);
        Assert.Equal(new CloudCredential(CloudKind.AzurePublic, Tenant, Client, Secret), r.Credential);
    }

    [Fact]
    public void Whitespace_and_invisible_characters_are_trimmed_and_reported_as_info()
    {
        var r = Check(CloudKind.AzurePublic, $"  {Tenant}\t", $"\u200B{Client}\n", $" {Secret} ");
        Assert.True(r.IsValid);
        Assert.Equal(Tenant, r.Credential.TenantId);
        Assert.Equal(Client, r.Credential.ClientId);
        Assert.Equal(Secret, r.Credential.ClientSecret);
        Assert.Equal(3, r.Issues.Count(i => i.Code == Codes.Trimmed && i.Severity == InputIssueSeverity.Info));
    }

    [Theory]
    [InlineData("7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e4")]      // one digit short
    [InlineData("7c3a5f1e2b8d4e6a9f103d5c8b2a9e41x")]
    [InlineData("7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e4g")]     // not hex
    [InlineData("not a guid")]
    public void Malformed_client_id_is_an_error(string client)
    {
        var r = Check(CloudKind.AzurePublic, Tenant, client, Secret);
        Assert.False(r.IsValid);
        var issue = Assert.Single(r.For(CredentialField.ClientId));
        Assert.Equal(Codes.NotAGuid, issue.Code);
        Assert.Equal(InputIssueSeverity.Error, issue.Severity);
        Assert.Contains("Application (client) ID", issue.Message);
    }

    [Theory]
    [InlineData("7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e4")]
    [InlineData("contoso")]                // no dot: not a domain
    [InlineData("https://contoso.onmicrosoft.com")]
    [InlineData("-contoso.onmicrosoft.com")]
    public void Malformed_tenant_is_an_error(string tenant)
    {
        var r = Check(CloudKind.AzurePublic, tenant, Client, Secret);
        Assert.False(r.IsValid);
        Assert.Contains(r.For(CredentialField.TenantId), i => i.Severity == InputIssueSeverity.Error && i.Code is Codes.NotAGuidOrDomain or Codes.InnerWhitespace);
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("Fabrikam.com")]
    [InlineData("contoso.partner.onmschina.cn")]
    public void Tenant_may_be_a_verified_domain(string tenant)
    {
        var cloud = tenant.EndsWith(".cn") ? CloudKind.AzureChina : CloudKind.AzurePublic;
        var r = Check(cloud, tenant, Client, Secret);
        Assert.True(r.IsValid);
        Assert.Empty(r.Issues);
        Assert.Equal(tenant.ToLowerInvariant(), r.Credential.TenantId);
    }

    [Fact]
    public void Domain_of_the_other_cloud_is_a_warning()
    {
        var r = Check(CloudKind.AzureChina, "contoso.onmicrosoft.com", Client, Secret);
        Assert.True(r.IsValid);
        Assert.Equal(Codes.WrongCloudDomain, Assert.Single(r.Issues).Code);
    }

    [Fact]
    public void Braced_or_upper_case_guid_is_normalised()
    {
        var r = Check(CloudKind.AzurePublic, "{" + Tenant.ToUpperInvariant() + "}", Client.ToUpperInvariant(), Secret);
        Assert.True(r.IsValid);
        Assert.Equal(Tenant, r.Credential.TenantId);
        Assert.Equal(Client, r.Credential.ClientId);
        Assert.All(r.Issues, i => Assert.Equal(Codes.Normalised, i.Code));
    }

    [Fact]
    public void Pasted_secret_id_is_flagged_with_a_specific_message()
    {
        var secretId = "d1f7a0c2-5e3b-4a9d-8c6f-0b1e2d3c4f5a";
        var r = Check(CloudKind.AzurePublic, Tenant, Client, secretId);
        Assert.False(r.IsValid);
        var issue = Assert.Single(r.For(CredentialField.ClientSecret));
        Assert.Equal(Codes.LooksLikeSecretId, issue.Code);
        Assert.Contains("Secret ID", issue.Message);
        Assert.Contains("Value", issue.Message);
        Assert.DoesNotContain(secretId, issue.Message);
    }

    [Fact]
    public void Client_id_pasted_as_secret_is_flagged()
    {
        var r = Check(CloudKind.AzurePublic, Tenant, Client, Client);
        Assert.Equal(Codes.SecretIsClientId, Assert.Single(r.For(CredentialField.ClientSecret)).Code);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Tenant_id_pasted_as_client_id_is_flagged()
    {
        var r = Check(CloudKind.AzurePublic, Tenant, Tenant, Secret);
        Assert.False(r.IsValid);
        Assert.Equal(Codes.SameAsTenant, Assert.Single(r.For(CredentialField.ClientId)).Code);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", " ", "\t\n")]
    [InlineData("\"\"", "''", "\u200B")]
    public void Empty_fields_are_each_reported(string? t, string? c, string? s)
    {
        var r = Check(CloudKind.AzurePublic, t, c, s);
        Assert.False(r.IsValid);
        foreach (var f in Enum.GetValues<CredentialField>())
            Assert.Contains(r.For(f), i => i.Code == Codes.Empty && i.Severity == InputIssueSeverity.Error);
    }

    [Fact]
    public void Secret_with_inner_whitespace_is_an_error_and_never_echoed()
    {
        var broken = "Xq78Q~demo.Responder Secret~d3m0Kx9vR2pL7sT4wYb";
        var r = Check(CloudKind.AzurePublic, Tenant, Client, broken);
        Assert.False(r.IsValid);
        var issue = Assert.Single(r.For(CredentialField.ClientSecret));
        Assert.Equal(Codes.InnerWhitespace, issue.Code);
        Assert.All(r.Issues, i => Assert.DoesNotContain("Responder", i.Message));
    }

    [Fact]
    public void Quotes_pasted_around_a_value_are_removed()
    {
        var r = Check(CloudKind.AzurePublic, $"\"{Tenant}\"", Client, $"'{Secret}'");
        Assert.True(r.IsValid);
        Assert.Equal(Tenant, r.Credential.TenantId);
        Assert.Equal(Secret, r.Credential.ClientSecret);
    }

    [Fact]
    public void Short_secret_is_a_warning_only()
    {
        var r = Check(CloudKind.AzurePublic, Tenant, Client, "abc~123");
        Assert.True(r.IsValid);
        Assert.Equal(Codes.TooShort, Assert.Single(r.Issues).Code);
    }

    [Fact]
    public void Credential_ToString_hides_the_secret()
    {
        var c = new CloudCredential(CloudKind.AzureChina, Tenant, Client, Secret);
        var text = c.ToString();
        Assert.DoesNotContain(Secret, text);
        Assert.Contains(Client, text);
        Assert.Contains("***", text);
        Assert.DoesNotContain(Secret, $"{c}");
        Assert.Equal("x *** y", c.Scrub($"x {Secret} y"));
        Assert.Equal("x *** y", c.Scrub($"x {Uri.EscapeDataString(Secret)} y"));
    }
}
