namespace Portal.Cspm.Checks.Compute;

public sealed class VmApprovedExtensions : ResourceCheck
{
    /// <summary>Default allow-list: extension publishers considered approved. Override with the constructor for an organisation's own list.</summary>
    public static readonly string[] DefaultApprovedPublisherPrefixes = { "Microsoft." };

    /// <summary>Extension types not approved by default even from an approved publisher: they run arbitrary scripts or commands
    /// (Custom Script, Run Command) or reset local accounts and SSH keys (VM Access) with SYSTEM/root rights, so they are the
    /// extensions attackers use for execution and persistence. Install them for a task, then remove them.</summary>
    public static readonly string[] DefaultUnapprovedTypes =
    {
        "CustomScriptExtension", "CustomScript", "CustomScriptForLinux", "RunCommandWindows", "RunCommandLinux", "RunCommandHandlerWindows",
        "RunCommandHandlerLinux", "VMAccessAgent", "VMAccessForLinux",
    };

    private readonly string[] _approved;
    private readonly string[] _unapprovedTypes;
    public VmApprovedExtensions() : this(DefaultApprovedPublisherPrefixes, DefaultUnapprovedTypes) { }
    public VmApprovedExtensions(IEnumerable<string> approvedPublisherPrefixes, IEnumerable<string>? unapprovedTypes = null)
    {
        _approved = approvedPublisherPrefixes.ToArray();
        _unapprovedTypes = (unapprovedTypes ?? DefaultUnapprovedTypes).ToArray();
    }

    public override CheckMetadata Metadata { get; } = Meta("azure-vm-approved-extensions", "Virtual machine has unapproved extensions", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "Every VM extension's publisher must be on the approved list (default: Microsoft first-party publishers 'Microsoft.*'; configurable), and its type must not be one that runs arbitrary code or resets credentials (default: Custom Script, Run Command and VM Access extensions).",
        "Extensions run as SYSTEM/root; an unvetted extension is arbitrary code with full control of the VM, and a lingering Custom Script, Run Command or VM Access extension lets anyone with extension write rights run code or reset logins (a known persistence technique).",
        "Virtual machines > select the VM > Settings > Extensions + applications > select the unapproved extension > Uninstall.",
        "az vm extension delete -g <resource-group> --vm-name <vm> -n <extension>",
        "8.7");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VmExtension };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var ext = Vm.Extensions(vm, resources);
        var bad = ext.Select(e => (e, why: !_approved.Any(p => e.Publisher.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                ? $"publisher {(e.Publisher.Length > 0 ? e.Publisher : "(absent)")}"
                : _unapprovedTypes.Contains(e.Type, StringComparer.OrdinalIgnoreCase) ? $"type {e.Type} runs code or resets credentials" : null))
            .Where(x => x.why is not null).ToList();
        return bad.Count > 0
            ? Outcome.Fail("unapproved extension(s): " + string.Join(", ", bad.Select(x => $"{x.e.Name} ({x.why})")))
            : Outcome.Pass(ext.Count == 0 ? "no extensions" : "extensions: " + string.Join(", ", ext.Select(e => $"{e.Name} ({e.Publisher})")));
    }
}
