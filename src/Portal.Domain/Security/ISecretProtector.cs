namespace Portal.Domain.Security;

/// <summary>Encrypts secrets (client secrets) for storage; the clear text never reaches the database.</summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <exception cref="SecretUnreadableException">The ciphertext cannot be decrypted (key ring lost or data tampered).</exception>
    string Unprotect(string protectedSecret);
}

public sealed class SecretUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
