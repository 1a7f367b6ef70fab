namespace Portal.Cspm.Checks.Compute;

public sealed class VmLinuxPasswordAuthentication : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-linux-password-auth", "Linux virtual machine allows SSH password authentication", Severity.High, "Compute",
        ResourceTypes.VirtualMachine,
        "Linux VMs must have properties.osProfile.linuxConfiguration.disablePasswordAuthentication = true, so SSH accepts keys only. Windows VMs are not evaluated.",
        "Password logins can be brute-forced or sprayed, and a reused or leaked password gives a shell; SSH keys cannot be guessed.",
        "Virtual machines > select the VM > Help > Reset password > Mode 'Reset SSH public key' to install a key; then sign in and set 'PasswordAuthentication no' in /etc/ssh/sshd_config (new VMs: Authentication type = SSH public key).",
        "az vm user update -g <resource-group> -n <vm> -u <admin-user> --ssh-key-value ~/.ssh/id_rsa.pub; az vm run-command invoke -g <resource-group> -n <vm> --command-id RunShellScript --scripts \"sed -i 's/^#\\?PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config && systemctl reload sshd\"");

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        // osProfile is absent on VMs created from a specialized disk: the guest's sshd decides and ARM cannot show it
        if (vm.Json.At("properties.osProfile.linuxConfiguration") is null) return null;
        var v = vm.Json.Bool("properties.osProfile.linuxConfiguration.disablePasswordAuthentication");
        return Outcome.When(v == true, $"properties.osProfile.linuxConfiguration.disablePasswordAuthentication = {v?.ToString().ToLowerInvariant() ?? "(absent: false)"}");
    }
}
