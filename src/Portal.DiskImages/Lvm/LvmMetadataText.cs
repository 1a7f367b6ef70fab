using System.Globalization;
using System.Text;

namespace Portal.DiskImages.Lvm;

/// <summary>
/// LVM2's metadata text ("vg { id = \"...\" extent_size = 8192 physical_volumes { pv0 { ... } } ... }"):
/// sections of <c>key = value</c> where a value is a number, a quoted string or a [list]. Parsed into nested
/// dictionaries; bounded (depth and size) so corrupt text cannot make it run away.
/// </summary>
public sealed class LvmSection
{
    private const int MaxDepth = 32;

    public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LvmSection> Sections { get; } = new(StringComparer.Ordinal);
    /// <summary>Subsection names in text order (segment1, segment2...).</summary>
    public List<string> Order { get; } = [];

    public string? String(string key) => Values.TryGetValue(key, out var v) ? v as string : null;
    public long? Number(string key) => Values.TryGetValue(key, out var v) && v is long l ? l : null;
    public IReadOnlyList<object> List(string key) => Values.TryGetValue(key, out var v) && v is List<object> l ? l : [];
    public LvmSection? Section(string key) => Sections.GetValueOrDefault(key);

    public static LvmSection Parse(string text)
    {
        var p = new Parser(text);
        var root = new LvmSection();
        p.ParseBody(root, 0, topLevel: true);
        return root;
    }

    private sealed class Parser(string text)
    {
        private int _i;

        public void ParseBody(LvmSection into, int depth, bool topLevel)
        {
            if (depth > MaxDepth) throw Error("sections nested too deep");
            while (true)
            {
                SkipSpace();
                if (_i >= text.Length)
                {
                    if (topLevel) return;
                    throw Error("unexpected end of text inside a section");
                }
                if (text[_i] == '}')
                {
                    if (topLevel) throw Error("unbalanced '}'");
                    _i++;
                    return;
                }
                var name = Identifier();
                SkipSpace();
                if (_i < text.Length && text[_i] == '{')
                {
                    _i++;
                    var child = new LvmSection();
                    ParseBody(child, depth + 1, topLevel: false);
                    into.Sections[name] = child;
                    into.Order.Add(name);
                }
                else if (_i < text.Length && text[_i] == '=')
                {
                    _i++;
                    into.Values[name] = Value(depth);
                }
                else throw Error($"expected '=' or '{{' after '{name}'");
            }
        }

        private object Value(int depth)
        {
            SkipSpace();
            if (_i >= text.Length) throw Error("missing value");
            var c = text[_i];
            if (c == '"') return QuotedString();
            if (c == '[')
            {
                _i++;
                var list = new List<object>();
                while (true)
                {
                    SkipSpace();
                    if (_i >= text.Length) throw Error("unterminated list");
                    if (text[_i] == ']') { _i++; return list; }
                    if (text[_i] == ',') { _i++; continue; }
                    if (list.Count > 1_000_000) throw Error("list too long");
                    list.Add(Value(depth + 1));
                }
            }
            var start = _i;
            while (_i < text.Length && (char.IsAsciiLetterOrDigit(text[_i]) || text[_i] is '-' or '.' or '_' or '+')) _i++;
            if (_i == start) throw Error($"unexpected '{c}'");
            var token = text[start.._i];
            return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : token;
        }

        private string QuotedString()
        {
            _i++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_i >= text.Length) throw Error("unterminated string");
                var c = text[_i++];
                if (c == '"') return sb.ToString();
                if (c == '\\' && _i < text.Length) c = text[_i++];
                sb.Append(c);
            }
        }

        private string Identifier()
        {
            var start = _i;
            while (_i < text.Length && (char.IsAsciiLetterOrDigit(text[_i]) || text[_i] is '_' or '-' or '.' or '+')) _i++;
            if (_i == start) throw Error($"unexpected '{text[_i]}'");
            return text[start.._i];
        }

        private void SkipSpace()
        {
            while (_i < text.Length)
            {
                if (char.IsWhiteSpace(text[_i]) || text[_i] == '\0') _i++;
                else if (text[_i] == '#') { while (_i < text.Length && text[_i] != '\n') _i++; }
                else break;
            }
        }

        private DiskFormatException Error(string what)
        {
            var line = 1 + text.AsSpan(0, Math.Min(_i, text.Length)).Count('\n');
            return new DiskFormatException($"LVM metadata text, line {line}: {what}");
        }
    }
}
