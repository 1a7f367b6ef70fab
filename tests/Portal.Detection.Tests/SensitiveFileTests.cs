using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Portal.Detection.SensitiveFiles;

namespace Portal.Detection.Tests;

/// <summary>
/// The sensitive-file rules on real artefacts where a tool makes them here (keys from .NET's RSA/EC exporters and from
/// ssh-keygen, a PKCS#12 from .NET's X509 exporter, Azurite's published development account key) and on the formats the
/// others document (PuTTY PPK v3, SAS, Entra client secrets, AWS access keys); the secret never appears in a finding.
/// </summary>
public sealed class SensitiveFileTests
{
    private static readonly SensitiveFileScanner Scanner = new(RandomNumberGenerator.GetBytes(32), maxBytes: 1024 * 1024);

    private static IReadOnlyList<SensitiveFileFinding> Scan(string path, string content) => Scanner.Scan(path, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    private static void AssertNoSecretIn(IEnumerable<SensitiveFileFinding> findings, string secret) =>
        Assert.All(findings, f => Assert.DoesNotContain(secret, f.ToString()));

    [Fact]
    public void Pem_private_keys_of_every_kind_are_found_on_their_line()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pems = new[]
        {
            rsa.ExportRSAPrivateKeyPem(), rsa.ExportPkcs8PrivateKeyPem(), ec.ExportECPrivateKeyPem(),
            rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
        };
        foreach (var pem in pems)
        {
            var finding = Assert.Single(Scan("/home/deploy/key.pem", "# deploy key\n\n" + pem + "\n"));
            Assert.Equal(("private-key", SensitiveKind.PrivateKey, 3), (finding.RuleId, finding.Kind, finding.Line));
            AssertNoSecretIn([finding], pem.Split('\n')[1]);
        }
        // A public key or certificate is not a finding.
        Assert.Empty(Scan("/etc/ssl/cert.pem", rsa.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void An_openssh_private_key_made_by_ssh_keygen_is_found_and_its_public_half_is_not()
    {
        var dir = Directory.CreateTempSubdirectory("sshkey-");
        try
        {
            var key = Path.Combine(dir.FullName, "id_ed25519");
            using (var p = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key]) { RedirectStandardOutput = true })!)
            {
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }
            var finding = Assert.Single(Scan("/home/azureuser/.ssh/id_ed25519", File.ReadAllText(key)));
            Assert.Equal("openssh-private-key", finding.RuleId);
            Assert.Empty(Scan("/home/azureuser/.ssh/id_ed25519.pub", File.ReadAllText(key + ".pub")));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void A_putty_key_and_a_pkcs12_file_are_found()
    {
        const string ppk = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ed25519-key-20240101\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIBs0nQY6hxN3r3GkQ+2o4sMxXw2\nb6kPcVZLz2xj8JZ5\nPrivate-Lines: 1\nAAAAIFx0m2ZrjTzYv7qkzWVn3o9yK8hM5yR2bVvZ4vYbqkE8\nPrivate-MAC: 9c5a1d7c2b7f1d0b0e8c1a7f3a9e4b6d5c8f2a1e0d9b8c7a6f5e4d3c2b1a0f9e\n";
        Assert.Equal("putty-private-key", Assert.Single(Scan("/home/ops/Documents/server.ppk", ppk)).RuleId);

        using var rsa = RSA.Create(2048);
        var cert = new CertificateRequest("CN=app", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var pfx = cert.Export(X509ContentType.Pkcs12, "pw");
        var found = Scanner.Scan("/srv/app/certs/site.pfx", new MemoryStream(pfx));
        Assert.Equal("pkcs12-file", Assert.Single(found).RuleId);
        Assert.Null(found[0].Line);
    }

    [Fact]
    public void Cloud_credentials_are_found_and_aws_documentation_keys_are_not()
    {
        // Azurite's well-known development account (published in its README) has the shape of every real account key.
        const string accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var appsettings = $$"""
            {
              "Storage": "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey={{accountKey}};EndpointSuffix=core.windows.net",
              "Export": "https://contosodata.blob.core.windows.net/exports/daily.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&spr=https&sig=q3Xb8m1Zr9vA7s2Ykf0pD4eLw6NtHcJ5uGiOyT%2BQa1E%3D",
              "AzureAd": { "ClientSecret": "Jk48Q~r2Vz9fLm1xQwErTyUiOpAsDfGhJkLzXcVb" },
              "Aws": { "AccessKeyId": "AKIAZ3MSJV7Q4NQ2LR5D", "Documented": "AKIAIOSFODNN7EXAMPLE" }
            }
            """;
        var findings = Scan("/srv/app/appsettings.Production.json", appsettings);
        Assert.Equal(["aws-access-key", "azure-ad-client-secret", "azure-sas-token", "azure-storage-connection-string"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(2, findings.Single(f => f.RuleId == "azure-storage-connection-string").Line);
        AssertNoSecretIn(findings, accountKey);
        AssertNoSecretIn(findings, "Jk48Q~r2Vz9fLm1xQwErTyUiOpAsDfGhJkLzXcVb");
    }

    [Fact]
    public void Dotenv_kubeconfig_history_and_git_credentials_are_found_and_placeholders_are_not()
    {
        Assert.Equal(["dotenv-secret", "dotenv-secret"], Scan("/srv/app/.env", "DB_HOST=db\nDB_PASSWORD=Tr0ub4dor&3xyz\nexport STRIPE_API_KEY=\"sk_live_51Hq2mAbCdEfGh\"\nSESSION_SECRET=changeme\nAPI_TOKEN=<your-token>\n").Select(f => f.RuleId));
        Assert.Empty(Scan("/srv/app/settings.txt", "DB_PASSWORD=Tr0ub4dor&3xyz\n"));   // not a .env file

        const string kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://aks-prod.hcp.westeurope.azmk8s.io:443\n  name: aks-prod\nusers:\n- name: clusterUser\n  user:\n    token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4\n";
        Assert.Equal(10, Assert.Single(Scan("/home/dev/.kube/config", kubeconfig)).Line);

        var history = Scan("/root/.bash_history", "ls -la\nmysql -u root -pS3cr3tPassw0rd orders\nsshpass -p 'hunter2hunter2' ssh admin@10.0.0.4\nhistory\n");
        Assert.Equal([2, 3], history.Select(f => f.Line!.Value));
        Assert.Equal("git-credentials", Assert.Single(Scan("/home/dev/.git-credentials", "https://dev:ghp_R4nd0mT0k3nV4lu3Xyz0123456789@github.com\n")).RuleId);
    }

    [Fact]
    public void Binary_content_runs_only_path_rules_and_the_size_limit_is_the_callers_to_apply()
    {
        using var rsa = RSA.Create(2048);
        var binary = new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, 0, 0 }.Concat(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem())).ToArray();
        Assert.Empty(Scanner.Scan("/usr/bin/tool", new MemoryStream(binary)));
        Assert.True(Scanner.Wants(1024 * 1024));
        Assert.False(Scanner.Wants(1024 * 1024 + 1));
        Assert.False(Scanner.Wants(0));
    }

    [Fact]
    public void The_same_secret_has_the_same_fingerprint_across_files_and_none_under_another_portals_key()
    {
        const string line = "AccessKeyId=AKIAZ3MSJV7Q4NQ2LR5D\n";
        var a = Assert.Single(Scan("/a/.aws/credentials", line));
        var b = Assert.Single(Scan("/b/config.ini", "x\n" + line));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        var other = new SensitiveFileScanner(RandomNumberGenerator.GetBytes(32)).Scan("/a/.aws/credentials", new MemoryStream(Encoding.UTF8.GetBytes(line)));
        Assert.NotEqual(a.Fingerprint, Assert.Single(other).Fingerprint);
        Assert.Equal(32, a.Fingerprint.Length);
    }
}
