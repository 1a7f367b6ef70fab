using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Portal.Domain.Security;

namespace Portal.Data.Secrets;

/// <summary>Client secrets encrypted with ASP.NET Core Data Protection under a purpose of their own.</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.CloudAccount.ClientSecret.v1");

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return _protector.Protect(secret);
    }

    public string Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException ex)
        {
            throw new SecretUnreadableException(
                "A stored secret cannot be decrypted: the Data Protection key ring it was written with is missing or was changed. Enter the secret again.", ex);
        }
    }
}
