namespace Portal.Detection.Vulnerabilities.Versions;

/// <summary>
/// Alpine package versions, <c>digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}</c>, ordered as apk-tools orders
/// them (src/version.c of apk-tools 3): numbers compare as numbers, but a dotted component with a leading zero compares
/// as a string (Gentoo's rule, so 1.02 &lt; 1.1); <c>_alpha</c>, <c>_beta</c>, <c>_pre</c>, <c>_rc</c> sort before the
/// release and <c>_cvs</c>, <c>_svn</c>, <c>_git</c>, <c>_hg</c>, <c>_p</c> after it; <c>-r#</c> is the package revision.
/// Invalid strings still compare token by token up to the invalid part, as apk does.
/// </summary>
public sealed class ApkVersion : IVersionScheme
{
    public static readonly ApkVersion Scheme = new();

    public string Name => "apk";

    // The order matters: at the end of equal prefixes, the version whose next token is "smaller" is the newer one.
    private enum Token { InitialDigit, Digit, Letter, Suffix, SuffixNo, CommitHash, RevisionNo, End, Invalid }

    // Suffix values in apk's order; None (the release itself) separates pre-release from post-release suffixes.
    private static readonly string[] Suffixes = ["", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];
    private const int SuffixInvalid = 0, SuffixNone = 5;

    public int Compare(string? x, string? y) => Compare(x ?? "", y ?? "", fuzzy: false);

    /// <summary>
    /// apk's comparison: -1, 0 or 1. With <paramref name="fuzzy"/> (the <c>~</c> operator), a version equals any version
    /// that <paramref name="b"/> is a prefix of in components (3.6.9 ~ 3.6).
    /// </summary>
    public static int Compare(string a, string b, bool fuzzy)
    {
        var sa = new State(a);
        var sb = new State(b);
        sa.First();
        sb.First();
        while (sa.Token == sb.Token && sa.Token < Token.End)
        {
            var r = TokenCompare(sa, sb);
            if (r != 0) return r;
            sa.Next();
            sb.Next();
        }
        if (sa.Token == sb.Token) return 0;
        if (sb.Token == Token.End && fuzzy) return 0;
        // Equal so far: the longer version is newer unless what it goes on with is a pre-release suffix.
        if (sa.Token == Token.Suffix && sa.Suffix < SuffixNone) return -1;
        if (sb.Token == Token.Suffix && sb.Suffix < SuffixNone) return 1;
        if (sa.Token > sb.Token) return -1;
        if (sb.Token > sa.Token) return 1;
        return 0;
    }

    public string? Validate(string version)
    {
        var s = new State(version);
        for (s.First(); s.Token < Token.End; s.Next()) { }
        return s.Token == Token.End ? null : $"'{version}' is not an apk version (digit{{.digit}}...{{letter}}{{_suffix{{#}}}}...{{~hash}}{{-r#}})";
    }

    private static int TokenCompare(State a, State b)
    {
        ulong x, y;
        switch (a.Token)
        {
            case Token.Digit when a.Value[0] == '0' || b.Value[0] == '0':
                return StringSort(a.Value, b.Value);
            case Token.Digit or Token.InitialDigit or Token.SuffixNo or Token.RevisionNo:
                (x, y) = (a.Number, b.Number);
                break;
            case Token.Letter:
                (x, y) = (a.Value[0], b.Value[0]);
                break;
            case Token.Suffix:
                (x, y) = ((ulong)a.Suffix, (ulong)b.Suffix);
                break;
            default:
                return StringSort(a.Value, b.Value);
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static int StringSort(string a, string b) => Math.Sign(string.CompareOrdinal(a, b));

    /// <summary>The tokenizer's state over one version string (token_state in apk-tools).</summary>
    private sealed class State(string text)
    {
        private int _pos;
        public Token Token;
        public int Suffix;
        public ulong Number;
        public string Value = "";

        private int Left => text.Length - _pos;

        public void First()
        {
            Token = Token.InitialDigit;
            ParseDigits();
        }

        public void Next()
        {
            if (Left == 0)
            {
                Token = Token.End;
                return;
            }
            var c = text[_pos];
            switch (c)
            {
                case >= 'a' and <= 'z':
                    if (Token > Token.Digit) { Token = Token.Invalid; return; }
                    Value = c.ToString();
                    Token = Token.Letter;
                    _pos++;
                    return;
                case '.' or (>= '0' and <= '9'):
                    if (c == '.')
                    {
                        if (Token > Token.Digit) { Token = Token.Invalid; return; }
                        _pos++;
                    }
                    switch (Token)
                    {
                        case Token.InitialDigit or Token.Digit: Token = Token.Digit; break;
                        case Token.Suffix: Token = Token.SuffixNo; break;
                        default: Token = Token.Invalid; return;
                    }
                    ParseDigits();
                    return;
                case '_':
                    if (Token > Token.SuffixNo) { Token = Token.Invalid; return; }
                    _pos++;
                    Value = Span(ch => ch is >= 'a' and <= 'z');
                    Suffix = SuffixValue(Value);
                    Token = Suffix == SuffixInvalid ? Token.Invalid : Token.Suffix;
                    return;
                case '~':
                    if (Token >= Token.CommitHash) { Token = Token.Invalid; return; }
                    _pos++;
                    Value = Span(ch => ch is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
                    Token = Value.Length == 0 ? Token.Invalid : Token.CommitHash;
                    return;
                case '-':
                    if (Token >= Token.RevisionNo || Left < 2 || text[_pos + 1] != 'r') { Token = Token.Invalid; return; }
                    _pos += 2;
                    Token = Token.RevisionNo;
                    ParseDigits();
                    return;
                default:
                    Token = Token.Invalid;
                    return;
            }
        }

        private void ParseDigits()
        {
            var start = _pos;
            ulong n = 0;
            // apk keeps numbers as uint64 (wrapping), so 14-digit date stamps (_pre20191002222144) compare exactly.
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) n = unchecked(n * 10 + (ulong)(text[_pos++] - '0'));
            Number = n;
            Value = text[start.._pos];
            if (Value.Length == 0) Token = Token.Invalid;
        }

        private string Span(Func<char, bool> allowed)
        {
            var start = _pos;
            while (_pos < text.Length && allowed(text[_pos])) _pos++;
            return text[start.._pos];
        }

        private static int SuffixValue(string suffix)
        {
            if (suffix.Length == 0) return SuffixInvalid;
            var i = Array.IndexOf(Suffixes, suffix, 1);
            return i is > 0 and not SuffixNone ? i : SuffixInvalid;
        }
    }
}
