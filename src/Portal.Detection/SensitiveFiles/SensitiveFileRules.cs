using System.Text.RegularExpressions;

namespace Portal.Detection.SensitiveFiles;

/// <summary>The kinds of sensitive file, as the finding pages group them.</summary>
public enum SensitiveKind { PrivateKey, CloudCredential, Secret, Kubeconfig, ShellHistory, GitCredential }

/// <summary>
/// One sensitive-file rule, in the style of gitleaks' rules: keywords that must occur (a cheap prefilter), an optional
/// file-name condition, and a pattern whose first group (or whole match) is the secret. The secret itself is never
/// kept: findings carry a keyed fingerprint of it.
/// </summary>
public sealed record SensitiveFileRule(
    string Id,
    string Title,
    SensitiveKind Kind,
    string Severity,
    string Meaning,
    string Fix,
    IReadOnlyList<string> Keywords,
    Regex? Pattern,
    Func<string, bool>? PathCondition = null,
    Func<string, bool>? SecretAllowed = null);

/// <summary>The bundled rules (patterns after gitleaks' rules of the same names where gitleaks has one).</summary>
public static class SensitiveFileRules
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static bool Placeholder(string secret) =>
        secret.Length < 8 || secret.StartsWith('<') || secret.StartsWith("${", StringComparison.Ordinal) || secret.StartsWith("$(", StringComparison.Ordinal)
        || secret.Trim('x', 'X', '*', '.', '-', '_').Length == 0 || secret.Contains("changeme", StringComparison.OrdinalIgnoreCase)
        || secret.Contains("example", StringComparison.OrdinalIgnoreCase) || secret.Contains("placeholder", StringComparison.OrdinalIgnoreCase);

    public static readonly IReadOnlyList<SensitiveFileRule> All =
    [
        new("private-key", "Private key (PEM)", SensitiveKind.PrivateKey, "High",
            "A PEM private key (RSA, EC, DSA, PKCS#8 or encrypted) is stored on the disk: whoever reads the disk or a snapshot of it can impersonate the key's owner.",
            "Move the key to Azure Key Vault or a managed identity, remove the file, and rotate the key (issue a new one, revoke the old).",
            ["PRIVATE KEY-----"],
            new Regex(@"-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]{64,}?-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----", Options)),
        new("openssh-private-key", "OpenSSH private key", SensitiveKind.PrivateKey, "High",
            "An OpenSSH private key is stored on the disk; unless it is passphrase-protected it logs in wherever its public key is authorized.",
            "Remove the key from the VM image, use Entra ID login or Azure Bastion, and take the public key out of every authorized_keys.",
            ["BEGIN OPENSSH PRIVATE KEY"],
            new Regex(@"-----BEGIN OPENSSH PRIVATE KEY-----[\s\S]{64,}?-----END OPENSSH PRIVATE KEY-----", Options)),
        new("putty-private-key", "PuTTY private key", SensitiveKind.PrivateKey, "High",
            "A PuTTY private key file (.ppk) is stored on the disk.",
            "Remove the file and rotate the key pair.",
            ["PuTTY-User-Key-File-"],
            new Regex(@"PuTTY-User-Key-File-[23]: [^\r\n]+\r?\nEncryption: [^\r\n]+[\s\S]*?Private-Lines: \d+\r?\n([A-Za-z0-9+/=\r\n]{32,})", Options)),
        new("pkcs12-file", "PKCS#12 key store (.pfx / .p12)", SensitiveKind.PrivateKey, "Medium",
            "A PKCS#12 file normally holds a certificate with its private key; its password is often weak or stored beside it.",
            "Import the certificate into Azure Key Vault and remove the file from the disk.",
            [], null,
            PathCondition: p => p.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)),
        new("azure-storage-connection-string", "Azure storage account key (connection string)", SensitiveKind.CloudCredential, "Critical",
            "A storage account connection string with its account key gives full control of every container, queue, table and share of the account.",
            "Rotate the account key (Storage account > Access keys), switch the application to a managed identity or a SAS with an expiry, and remove the string from the file.",
            ["AccountKey="],
            new Regex(@"AccountName=[a-z0-9]{3,24};\s*AccountKey=([A-Za-z0-9+/]{86}==)", Options)),
        new("azure-sas-token", "Azure shared access signature (SAS)", SensitiveKind.CloudCredential, "High",
            "A SAS URL or token grants whatever it was issued for until it expires, to anyone who has it.",
            "Revoke it (rotate the key it was signed with, or remove the stored access policy) and issue short-lived SAS from code instead.",
            ["sig="],
            new Regex(@"[?&]sv=\d{4}-\d{2}-\d{2}&[^\s""'<>]*?\bsig=([A-Za-z0-9%+/=]{30,})", Options)),
        new("azure-ad-client-secret", "Microsoft Entra client secret", SensitiveKind.CloudCredential, "Critical",
            "An Entra app registration's client secret signs in as the application with every permission it holds.",
            "Delete the secret in the app registration (Certificates & secrets), create a new one in Key Vault or use a managed identity, and remove it from the file.",
            ["Q~"],
            new Regex(@"(?:^|[\\'""`\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'""`\s<),])", Options | RegexOptions.Multiline)),
        new("aws-access-key", "AWS access key", SensitiveKind.CloudCredential, "High",
            "An AWS access key id is stored on the disk; with its secret key beside it, it signs requests as the IAM user or role.",
            "Deactivate and delete the key in IAM, and use instance roles or a secrets manager instead.",
            ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
            new Regex(@"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b", Options),
            SecretAllowed: s => s.EndsWith("EXAMPLE", StringComparison.Ordinal)),
        new("dotenv-secret", "Secret in a .env file", SensitiveKind.Secret, "Medium",
            "An environment file holds a password, token or key in clear text.",
            "Move the value to Key Vault (or the platform's secret store) and read it at start-up; rotate it.",
            ["=", ":"],
            new Regex(@"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)[A-Za-z0-9_]*\s*[=:]\s*[""']?([^\s""'#]{8,})", Options | RegexOptions.Multiline | RegexOptions.IgnoreCase),
            PathCondition: p => FileName(p) is var n && (n == ".env" || n.StartsWith(".env.", StringComparison.Ordinal) || n.EndsWith(".env", StringComparison.Ordinal)),
            SecretAllowed: Placeholder),
        new("kubeconfig-token", "Kubeconfig with credentials", SensitiveKind.Kubeconfig, "High",
            "A kubeconfig holds a bearer token or a client key: it administers the cluster as that user.",
            "Remove the file, rotate the token or certificate, and use Entra ID (kubelogin) for AKS access.",
            ["kind: Config"],
            new Regex(@"^\s*(?:token|client-key-data):\s*([A-Za-z0-9._\-+/=]{20,})\s*$", Options | RegexOptions.Multiline),
            PathCondition: p => p.Contains("/.kube/", StringComparison.Ordinal) || FileName(p).Contains("kubeconfig", StringComparison.OrdinalIgnoreCase) || FileName(p).EndsWith(".yaml", StringComparison.Ordinal) || FileName(p) == "config"),
        new("shell-history-password", "Password in a shell history", SensitiveKind.ShellHistory, "Medium",
            "A command with a password on its command line was recorded in a shell history file.",
            "Change that password, clear the history entry, and pass secrets through files or prompts (not arguments).",
            ["-p", "pass", "PASS", "-u "],
            new Regex(@"(?:sshpass\s+-p\s*|mysql\b[^\n]*?\s-p|--password[= ]|\bPASSWORD=|curl\b[^\n]*?\s-u\s+[^\s:]+:)['""]?([^\s'""]{6,})", Options),
            PathCondition: p => FileName(p) is ".bash_history" or ".zsh_history" or ".sh_history" or ".history" or "ConsoleHost_history.txt"),
        new("git-credentials", "Git credentials", SensitiveKind.GitCredential, "High",
            "A Git remote URL with a user name and password or token is stored on the disk.",
            "Revoke the token or change the password, and use a credential manager or deploy keys.",
            ["@"],
            new Regex(@"\bhttps?://[^\s:/@]+:([^\s/@]{6,})@[^\s/]+", Options),
            PathCondition: p => FileName(p) is ".git-credentials" or ".gitconfig" || p.EndsWith("/.git/config", StringComparison.Ordinal)),
    ];
}
