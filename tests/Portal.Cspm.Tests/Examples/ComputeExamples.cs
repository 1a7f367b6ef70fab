using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string VmId = Rg + "/providers/Microsoft.Compute/virtualMachines/vm1";
    public const string DiskId = Rg + "/providers/Microsoft.Compute/disks/myManagedDisk";
    public const string VmNicId = Rg + "/providers/Microsoft.Network/networkInterfaces/test-nic";

    /// <summary>Item 0 of VirtualMachine_ListAll_MinimumSet_Gen.json (only id and location) completed with the
    /// VirtualMachines_Get properties the checks read: a managed OS disk, a NIC, Trusted Launch, boot diagnostics.</summary>
    public static JsonNode VmNode() => Item("compute/VirtualMachine_ListAll_MinimumSet_Gen.json")
        .With("id", VmId).With("name", "vm1").With("type", "Microsoft.Compute/virtualMachines")
        .With("properties", Parse($$$"""
            {"vmId":"0f47b100-583c-48e3-a4c0-aefc2c9bbcc1","hardwareProfile":{"vmSize":"Standard_D2s_v5"},
             "storageProfile":{"osDisk":{"osType":"Linux","name":"myManagedDisk","createOption":"FromImage","caching":"ReadWrite",
                 "managedDisk":{"storageAccountType":"Premium_LRS","id":"{{{DiskId}}}"},"diskSizeGB":30},"dataDisks":[]},
             "securityProfile":{"securityType":"TrustedLaunch","uefiSettings":{"secureBootEnabled":true,"vTpmEnabled":true},"encryptionAtHost":true},
             "networkProfile":{"networkInterfaces":[{"id":"{{{VmNicId}}}","properties":{"primary":true}}]},
             "diagnosticsProfile":{"bootDiagnostics":{"enabled":true}},"provisioningState":"Succeeded"}
            """));

    /// <summary>NetworkInterfaceGet.json moved into the test subscription, with or without its public IP.</summary>
    public static JsonNode VmNic(bool publicIp)
    {
        var nic = Body("network/NetworkInterfaceGet.json").With("id", VmNicId);
        if (!publicIp) nic["properties"]!["ipConfigurations"]![0]!["properties"]!.AsObject().Remove("publicIPAddress");
        return nic;
    }

    /// <summary>Disk_Get.json (attached via managedBy, platform key) with its placeholder id replaced.</summary>
    public static JsonNode DiskNode() => Body("compute/Disk_Get.json").With("id", DiskId);

    public static JsonNode Extension(string name, string publisher, string type) => Parse($$$"""
        {"id":"{{{VmId}}}/extensions/{{{name}}}","name":"{{{name}}}","type":"Microsoft.Compute/virtualMachines/extensions","location":"eastus",
         "properties":{"publisher":"{{{publisher}}}","type":"{{{type}}}","typeHandlerVersion":"1.0","autoUpgradeMinorVersion":true,"provisioningState":"Succeeded"}}
        """);

    private static JsonNode VhdVm() => VmNode().With("properties.storageProfile.osDisk", Parse("""
        {"osType":"Windows","name":"osdisk","createOption":"FromImage","vhd":{"uri":"https://legacy.blob.core.windows.net/vhds/osdisk.vhd"},"caching":"ReadWrite"}
        """));

    private static IEnumerable<Example> Compute()
    {
        yield return Ex("azure-vm-managed-disks", VmId, () => Set(VmNode()), () => Set(VhdVm()), "vhd.uri");
        yield return Ex("azure-vm-vhd-encrypted", VmId,
            () => Set(VhdVm(), Extension("AzureDiskEncryption", "Microsoft.Azure.Security", "AzureDiskEncryption")), () => Set(VhdVm()));
        yield return Ex("azure-vm-encryption-at-host", VmId,
            () => Set(VmNode().With("properties.securityProfile.encryptionAtHost", null), DiskNode().With("properties.encryption.diskEncryptionSetId", Rg + "/providers/Microsoft.Compute/diskEncryptionSets/des")),
            () => Set(VmNode().With("properties.securityProfile.encryptionAtHost", false), DiskNode()), "myManagedDisk");
        yield return Ex("azure-vm-boot-diagnostics", VmId, () => Set(VmNode()), () => Set(VmNode().With("properties.diagnosticsProfile", null)));
        yield return Ex("azure-vm-trusted-launch", VmId, () => Set(VmNode()), () => Set(VmNode().With("properties.securityProfile.securityType", null)));
        yield return Ex("azure-vm-public-ip", VmId, () => Set(VmNode(), VmNic(false)), () => Set(VmNode(), VmNic(true)), "test-ip");
        yield return Ex("azure-vm-approved-extensions", VmId,
            () => Set(VmNode(), Extension("MDE.Linux", "Microsoft.Azure.AzureDefenderForServers", "MDE.Linux")),
            () => Set(VmNode(), Extension("CustomScript", "Contoso.Tools", "CustomScript")), "Contoso.Tools");
        yield return Ex("azure-vm-endpoint-protection", VmId,
            () => Set(VmNode().With("resources", Parse("""[{"name":"MDE.Linux","properties":{"publisher":"Microsoft.Azure.AzureDefenderForServers","type":"MDE.Linux"}}]"""))),
            () => Set(VmNode(), Extension("OmsAgentForLinux", "Microsoft.EnterpriseCloud.Monitoring", "OmsAgentForLinux")));

        // VirtualMachines_Get osProfile of a Linux VM (linuxConfiguration with or without password logins)
        JsonNode LinuxVm(bool disablePassword) => VmNode().With("properties.osProfile", Parse($$$"""
            {"computerName":"vm1","adminUsername":"azureuser","linuxConfiguration":{"disablePasswordAuthentication":{{{(disablePassword ? "true" : "false")}}},
             "provisionVMAgent":true,"patchSettings":{"patchMode":"ImageDefault","assessmentMode":"ImageDefault"}},"secrets":[],"allowExtensionOperations":true}
            """));
        yield return Ex("azure-vm-linux-password-auth", VmId, () => Set(LinuxVm(true)), () => Set(LinuxVm(false)), "disablePasswordAuthentication = false");

        // Disk_Get.json: attached (managedBy set), EncryptionAtRestWithPlatformKey, no network access policy.
        yield return Ex("azure-disk-attached-cmk", DiskId,
            () => Set(DiskNode().With("properties.encryption.type", "EncryptionAtRestWithCustomerKey")), () => Set(DiskNode()), "EncryptionAtRestWithPlatformKey");
        JsonNode Unattached() => DiskNode().With("managedBy", null).With("properties.diskState", "Unattached");
        yield return Ex("azure-disk-unattached-cmk", DiskId,
            () => Set(Unattached().With("properties.encryption.type", "EncryptionAtRestWithPlatformAndCustomerKeys")), () => Set(Unattached()));
        yield return Ex("azure-disk-unattached", DiskId, () => Set(DiskNode()), () => Set(Unattached()), "Unattached");
        yield return Ex("azure-disk-public-network-access", DiskId,
            () => Set(DiskNode().With("properties.networkAccessPolicy", "DenyAll").With("properties.publicNetworkAccess", "Disabled")),
            () => Set(DiskNode()), "AllowAll");
        yield return Ex("azure-disk-data-access-auth", DiskId,
            () => Set(DiskNode().With("properties.dataAccessAuthMode", "AzureActiveDirectory")), () => Set(DiskNode().With("properties.dataAccessAuthMode", "None")));
    }
}
