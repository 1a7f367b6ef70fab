namespace Portal.Cspm.Checks.Compute;

public sealed class VmApprovedExtensions : ResourceCheck
{
    /// <summary>Default allow-list: extension publishers considered approved. Override with the constructor for an organisation's own list.</summary>
    public static readonly string[] DefaultApprovedPublisherPrefixes = { "Microsoft." };
    private readonly string[] _approved;
    public VmApprovedExtensions() : this(DefaultApprovedPublisherPrefixes) { }
    public VmApprovedExtensions(IEnumerable<string> approvedPublisherPrefixes) => _approved = approvedPublisherPrefixes.ToArray();

    public override CheckMetadata Metadata { get; } = Meta("azure-vm-approved-extensions", "Virtual machine has extensions from unapproved publishers", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "Every VM extension's publisher must be on the approved list (default: Microsoft first-party publishers 'Microsoft.*'; configurable).",
        "Extensions run as SYSTEM/root; an unvetted extension is arbitrary code with full control of the VM (a known persistence technique).",
        "Virtual machines > select the VM > Settings > Extensions + applications > select the unapproved extension > Uninstall.",
        "az vm extension delete -g <resource-group> --vm-name <vm> -n <extension>",
        "8.7");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VmExtension };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var ext = Vm.Extensions(vm, resources);
        var bad = ext.Where(e => !_approved.Any(p => e.Publisher.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
        return bad.Count > 0
            ? Outcome.Fail("unapproved extension(s): " + string.Join(", ", bad.Select(e => $"{e.Name} (publisher {(e.Publisher.Length > 0 ? e.Publisher : "(absent)")})")))
            : Outcome.Pass(ext.Count == 0 ? "no extensions" : "extensions: " + string.Join(", ", ext.Select(e => $"{e.Name} ({e.Publisher})")));
    }
}
