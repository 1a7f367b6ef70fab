using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Detection.SensitiveFiles;

/// <summary>
/// A sensitive file found: where, which rule, the line, and a fingerprint of the secret (HMAC-SHA-256 under the
/// portal's key, so the same secret is recognised across scans while the value itself is never stored or shown).
/// </summary>
public sealed record SensitiveFileFinding(string Path, string RuleId, string Title, SensitiveKind Kind, string Severity, int? Line, string Fingerprint);

/// <summary>
/// Runs the sensitive-file rules over one file's content: text files up to <see cref="MaxBytes"/>, a keyword prefilter
/// before any pattern, binary content (a NUL in the first 8 KiB) only for path rules. Thread-safe.
/// </summary>
public sealed class SensitiveFileScanner
{
    private readonly byte[] _fingerprintKey;
    private readonly IReadOnlyList<SensitiveFileRule> _rules;
    private readonly SearchValues<string> _keywords;

    public SensitiveFileScanner(byte[] fingerprintKey, long maxBytes = 4 * 1024 * 1024, IReadOnlyList<SensitiveFileRule>? rules = null)
    {
        if (fingerprintKey.Length < 16) throw new ArgumentException("The fingerprint key must be at least 16 bytes.", nameof(fingerprintKey));
        _fingerprintKey = fingerprintKey;
        MaxBytes = maxBytes;
        _rules = rules ?? SensitiveFileRules.All;
        // The prefilter: content that holds none of these skips every pattern (rules tied to a file name run whenever it matches).
        _keywords = SearchValues.Create(_rules.Where(r => r.PathCondition is null).SelectMany(r => r.Keywords).Distinct().ToArray(), StringComparison.Ordinal);
    }

    public long MaxBytes { get; }

    /// <summary>Whether a file of this size is read at all (larger files are skipped and counted by the caller).</summary>
    public bool Wants(long size) => size > 0 && size <= MaxBytes;

    public IReadOnlyList<SensitiveFileFinding> Scan(string path, Stream content)
    {
        var findings = new List<SensitiveFileFinding>();
        foreach (var rule in _rules.Where(r => r.Pattern is null && r.PathCondition?.Invoke(path) == true))
            findings.Add(Finding(path, rule, null, path));

        var bytes = ReadUpTo(content, MaxBytes);
        if (bytes.Length == 0 || bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0)) return findings;
        var text = Encoding.UTF8.GetString(bytes);
        var pathRules = _rules.Any(r => r.Pattern is not null && r.PathCondition?.Invoke(path) == true);
        if (!pathRules && text.AsSpan().IndexOfAny(_keywords) < 0) return findings;

        foreach (var rule in _rules)
        {
            if (rule.Pattern is null || (rule.PathCondition is { } condition && !condition(path))) continue;
            if (rule.Keywords.Count > 0 && !rule.Keywords.Any(k => text.Contains(k, StringComparison.Ordinal))) continue;
            foreach (System.Text.RegularExpressions.Match m in rule.Pattern.Matches(text))
            {
                var secret = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
                if (rule.SecretAllowed?.Invoke(secret) == true) continue;
                findings.Add(Finding(path, rule, LineOf(text, m.Index), secret));
            }
        }
        return findings;
    }

    private SensitiveFileFinding Finding(string path, SensitiveFileRule rule, int? line, string secret) =>
        new(path, rule.Id, rule.Title, rule.Kind, rule.Severity, line, Fingerprint(rule.Id, secret));

    /// <summary>Keyed, so a fingerprint cannot be brute-forced back into a short password without the portal's key.</summary>
    public string Fingerprint(string ruleId, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(ruleId + "\n" + secret)))[..32];

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static byte[] ReadUpTo(Stream content, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (buffer.Length < max && (n = content.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0) buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }
}
