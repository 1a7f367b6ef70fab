namespace Portal.Detection.Baseline;

/// <summary>The local accounts and groups of a Linux volume: /etc/passwd, /etc/shadow, /etc/group (passwd(5), shadow(5), group(5)).</summary>
public sealed class LinuxAccounts
{
    public sealed record User(string Name, string PasswordField, int Uid, int Gid, string Home, string Shell, int Line);
    public sealed record Group(string Name, int Gid, IReadOnlyList<string> Members, int Line);
    public sealed record ShadowEntry(string Name, string Hash, int Line);

    public IReadOnlyList<User> Users { get; private init; } = [];
    public IReadOnlyList<Group> Groups { get; private init; } = [];
    /// <summary>Null when /etc/shadow is absent.</summary>
    public IReadOnlyList<ShadowEntry>? Shadow { get; private init; }

    /// <summary>Null when /etc/passwd is absent (not a Linux root file system).</summary>
    public static LinuxAccounts? Read(VolumeFiles files)
    {
        if (files.ReadText("/etc/passwd") is not { } passwd) return null;
        return new LinuxAccounts
        {
            Users = Lines(passwd).Select(l => (l.Fields, l.Line)).Where(x => x.Fields.Length >= 7 && int.TryParse(x.Fields[2], out _) && int.TryParse(x.Fields[3], out _))
                .Select(x => new User(x.Fields[0], x.Fields[1], int.Parse(x.Fields[2]), int.Parse(x.Fields[3]), x.Fields[5], x.Fields[6], x.Line)).ToList(),
            Groups = files.ReadText("/etc/group") is { } group
                ? Lines(group).Where(x => x.Fields.Length >= 4 && int.TryParse(x.Fields[2], out _))
                    .Select(x => new Group(x.Fields[0], int.Parse(x.Fields[2]), x.Fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries), x.Line)).ToList()
                : [],
            Shadow = files.ReadText("/etc/shadow") is { } shadow
                ? Lines(shadow).Where(x => x.Fields.Length >= 2).Select(x => new ShadowEntry(x.Fields[0], x.Fields[1], x.Line)).ToList()
                : null,
        };
    }

    private static IEnumerable<(string[] Fields, int Line)> Lines(string text) =>
        text.Split('\n').Select((l, i) => (Text: l.TrimEnd('\r'), Line: i + 1))
            .Where(l => l.Text.Length > 0 && l.Text[0] is not ('#' or '+' or '-'))
            .Select(l => (l.Text.Split(':'), l.Line));
}
