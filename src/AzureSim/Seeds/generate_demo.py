# Generates demo.json (the embedded demo seed). Run: python3 generate_demo.py
import json, os
# the shipped demo disk images (src/AzureSim/DiskImages): referenced only once they are built
_imgdir=os.path.join(os.path.dirname(os.path.abspath(__file__)),"..","DiskImages")
def IMG(name): return f"builtin:{name}" if os.path.exists(os.path.join(_imgdir,name+".img.gz")) else None
T1="7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e41"
T2="e2f4a6b8-1c3d-4e5f-8a9b-0c1d2e3f4a5b"
S1="4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b"
S2="9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
SUB="/subscriptions/{subscriptionId}"
doc={"tenants":[{"id":T1,"displayName":"Fabrikam Logistics","defaultDomain":"fabrikamlogistics.onmicrosoft.com"},
                {"id":T2,"displayName":"Contoso Partner Services","defaultDomain":"contosopartner.onmicrosoft.com"}],
 "subscriptions":[{"id":S1,"tenantId":T1,"displayName":"Fabrikam Production","tags":{"costCenter":"IT-OPS"}},
                  {"id":S2,"tenantId":T2,"displayName":"Contoso Partner Sandbox"}],
 "customRoles":[{"id":"5e1c6a2b-93d4-4f7a-8b0e-2c4d6f8a1b3c","roleName":"Fabrikam Portal Responder (least privilege)",
   "description":"Read VMs and networks, power VMs on/off, and manage NSG rules and NIC NSG associations. No restart, no disks, no snapshots.",
   "actions":["Microsoft.Authorization/*/read","Microsoft.Resources/subscriptions/resourceGroups/read",
     "Microsoft.Compute/virtualMachines/read","Microsoft.Compute/virtualMachines/instanceView/read",
     "Microsoft.Compute/virtualMachines/start/action","Microsoft.Compute/virtualMachines/powerOff/action","Microsoft.Compute/virtualMachines/deallocate/action",
     "Microsoft.Compute/locations/*/read",
     "Microsoft.Network/networkInterfaces/read","Microsoft.Network/networkInterfaces/write","Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action",
     "Microsoft.Network/networkSecurityGroups/read","Microsoft.Network/networkSecurityGroups/write","Microsoft.Network/networkSecurityGroups/join/action",
     "Microsoft.Network/networkSecurityGroups/securityRules/*","Microsoft.Network/publicIPAddresses/read","Microsoft.Network/virtualNetworks/read",
     "Microsoft.Network/locations/*/read"],
   "notActions":["Microsoft.Network/networkSecurityGroups/delete"],
   "assignableScopes":[SUB]}],
 "clients":[
  {"clientId":"3b6c8e1f-5a2d-4c7b-9e0f-1a2b3c4d5e6f","objectId":"a1b2c3d4-1111-4a5b-8c9d-0e1f2a3b4c5d","displayName":"fabrikam-portal-responder",
   "secret":"Xq78Q~demo.Responder.Secret~d3m0Kx9vR2pL7sT4wYb","roleAssignments":[{"role":"Reader","scope":SUB},{"role":"Virtual Machine Contributor","scope":SUB},{"role":"Network Contributor","scope":SUB},{"role":"Disk Snapshot Contributor","scope":SUB}]},
  {"clientId":"6d8e0a2c-4b6f-4d8a-a1c3-5e7f9b1d3f5a","objectId":"b2c3d4e5-2222-4b6c-9d0e-1f2a3b4c5d6e","displayName":"fabrikam-portal-reader",
   "secret":"Rd81Q~demo.Reader.Secret~r3ad0nlyM4xQ2wE6tZc","roleAssignments":[{"role":"Reader","scope":SUB}]},
  {"clientId":"9f1b3d5e-7a9c-4e1b-b3d5-7f9a1c3e5b7d","objectId":"c3d4e5f6-3333-4c7d-8e1f-2a3b4c5d6e7f","displayName":"fabrikam-portal-leastpriv",
   "secret":"Lp92Q~demo.LeastPriv.Secret~l3astPr1vN8cV4bH6j","roleAssignments":[{"role":"Fabrikam Portal Responder (least privilege)","scope":SUB}]},
  {"clientId":"2a4c6e8a-0b2d-4f6a-8c0e-2b4d6f8a0c2e","objectId":"d4e5f6a7-4444-4d8e-9f2a-3b4c5d6e7f8a","displayName":"fabrikam-portal-expired",
   "secret":"Ex03Q~demo.Expired.Secret~3xp1r3dS0oN5mK7nL","secretExpires":"2025-06-30T00:00:00Z","roleAssignments":[{"role":"Reader","scope":SUB}]},
  {"clientId":"8c0e2a4c-6d8f-4a0c-9e2a-4c6e8a0c2e4a","objectId":"e5f6a7b8-5555-4e9f-8a3b-4c5d6e7f8a9b","displayName":"fabrikam-devops-rg-contributor",
   "secret":"Dv14Q~demo.DevOps.Secret~rgC0ntr1bP6qW8eR","roleAssignments":[{"role":"Contributor","scope":SUB+"/resourceGroups/rg-dev-wus2"}]},
  {"clientId":"4e6a8c0e-2f4b-4c6e-a0c2-6e8a0c2e4a6c","objectId":"f6a7b8c9-6666-4f0a-9b4c-5d6e7f8a9b0c","tenantId":T2,"displayName":"contoso-partner-app",
   "secret":"Cp25Q~demo.Partner.Secret~p4rtn3rT9aS1dF3g","roleAssignments":[{"role":"Reader","scope":"/subscriptions/"+S2}]}],
}
rgs=[("rg-shared-eus","eastus",{"env":"prod","workload":"shared-services"}),("rg-security-eus","eastus",{"env":"prod","workload":"security"}),
 ("rg-prod-web-eus","eastus",{"env":"prod","workload":"customer-portal"}),("rg-prod-app-eus","eastus",{"env":"prod","workload":"order-processing"}),
 ("rg-prod-data-eus","eastus",{"env":"prod","workload":"data"}),("rg-prod-weu","westeurope",{"env":"prod","workload":"eu-tracking"}),
 ("rg-prod-sea","southeastasia",{"env":"prod","workload":"apac-warehouse"}),("rg-dev-wus2","westus2",{"env":"dev","workload":"dev-test"}),
 ("rg-legacy-uks","uksouth",{"env":"prod","workload":"legacy-erp"}),("NetworkWatcherRG","eastus",{})]
doc["resourceGroups"]=[{"name":n,"location":l,"tags":t} for n,l,t in rgs]
def R(name,prio,port,src="Internet",proto="Tcp",access="Allow",direction="Inbound",dst="*",desc=None,**kw):
    r={"name":name,"priority":prio,"protocol":proto,"source":src,"destinationPort":port,"access":access,"direction":direction,"destination":dst}
    if desc: r["description"]=desc
    r.update(kw); return r
doc["networkSecurityGroups"]=[
 # Most NSGs leave priorities below 200 free for emergency deny rules (the portal's block and isolation rules go there).
 # nsg-web-eus, nsg-mgmt-eus and nsg-legacy-ftp allow at 100, as many real NSGs do: the cases where the portal must refuse
 # a block on that NSG or offer the quarantine NSG.
 {"rg":"rg-shared-eus","name":"nsg-web-eus","rules":[R("AllowHttpsInbound",100,"443"),R("AllowHttpInbound",110,"80",desc="Legacy HTTP redirect"),R("AllowAppGwHealth",120,"65200-65535",src="GatewayManager")]},
 {"rg":"rg-shared-eus","name":"nsg-app-eus","rules":[R("AllowWebTierToApp",200,"8443",src="10.10.1.0/24"),R("DenyInternetInbound",4000,"*",src="Internet",proto="*",access="Deny")]},
 {"rg":"rg-shared-eus","name":"nsg-data-eus","rules":[R("AllowSqlFromApp",200,"1433",src="10.10.2.0/24"),R("AllowMongoFromApp",210,"27017",src="10.10.2.0/24"),R("AllowSqlFromAnywhere",300,"1433",src="*",desc="Temporary for vendor migration - remove")]},
 {"rg":"rg-shared-eus","name":"nsg-mgmt-eus","rules":[R("AllowRdpFromPartnerVpn",100,"3389",src="203.0.113.0/24"),R("AllowSshFromVendor",120,"22",src="198.51.100.23")]},
 {"rg":"rg-shared-eus","name":"nsg-jump-eus","rules":[R("AllowRdpInbound",300,"3389",src="Internet",desc="Jump box RDP")]},
 {"rg":"rg-prod-weu","name":"nsg-web-weu","rules":[R("AllowHttpsInbound",200,"443"),R("AllowWinRMFromInternet",250,"5985-5986",src="Internet")]},
 {"rg":"rg-prod-sea","name":"nsg-wms-sea","rules":[R("AllowHttpsFromCorp",200,"443",src="10.0.0.0/8"),R("AllowSnmpFromInternet",250,"161",src="Internet",proto="Udp")]},
 {"rg":"rg-dev-wus2","name":"nsg-dev-wus2","rules":[R("AllowSSHFromInternet",200,"22",src="Internet"),R("AllowRDPAny",210,"3389",src="*"),R("AllowDevPorts",220,"*",src="10.0.0.0/8",destinationPorts=None)]},
 {"rg":"rg-legacy-uks","name":"nsg-legacy-ftp","rules":[R("Allow-FTP-Any",100,"21",src="0.0.0.0/0"),R("Allow-Telnet",110,"23",src="Internet"),R("AllowAllInbound",4000,"*",src="*",proto="*")]},
]
for n in doc["networkSecurityGroups"]:
    for r in n["rules"]:
        if r.get("destinationPorts") is None: r.pop("destinationPorts",None)
doc["virtualNetworks"]=[
 {"rg":"rg-shared-eus","name":"vnet-prod-eus","addressPrefix":"10.10.0.0/16","subnets":[{"name":"snet-web","prefix":"10.10.1.0/24","nsg":"nsg-web-eus"},{"name":"snet-app","prefix":"10.10.2.0/24","nsg":"nsg-app-eus"},{"name":"snet-data","prefix":"10.10.3.0/24","nsg":"nsg-data-eus"},{"name":"snet-mgmt","prefix":"10.10.4.0/24","nsg":"nsg-mgmt-eus"}]},
 {"rg":"rg-prod-weu","name":"vnet-prod-weu","addressPrefix":"10.20.0.0/16","subnets":[{"name":"snet-web","prefix":"10.20.1.0/24","nsg":"nsg-web-weu"},{"name":"snet-app","prefix":"10.20.2.0/24"}]},
 {"rg":"rg-prod-sea","name":"vnet-prod-sea","addressPrefix":"10.30.0.0/16","subnets":[{"name":"snet-wms","prefix":"10.30.1.0/24","nsg":"nsg-wms-sea"}]},
 {"rg":"rg-dev-wus2","name":"vnet-dev-wus2","addressPrefix":"10.40.0.0/16","subnets":[{"name":"snet-dev","prefix":"10.40.1.0/24","nsg":"nsg-dev-wus2"}]},
 {"rg":"rg-legacy-uks","name":"vnet-legacy-uks","addressPrefix":"10.50.0.0/16","subnets":[{"name":"snet-legacy","prefix":"10.50.1.0/24"}]},
]
vms=[]
# Every VM outside rg-legacy-uks is hardened the way a well-run tenant is: disks encrypted with a customer-managed key through
# the group's disk encryption set, encryption at host, disk export closed (DenyAll + Entra ID data access auth). The legacy
# VMs keep platform keys and no encryption at host (R19, R77); their disk export is closed too (only the orphaned disk is open, R18).
def V(rg,name,os,vnet,subnet,vnetRg=None,image=None,size="Standard_D2s_v5",power="running",nsg=None,pip=False,disks=0,enc=None,pw=False,tags=None):
    legacy=rg=="rg-legacy-uks"
    enc=enc or ("PlatformKey" if legacy else "CustomerKey")
    v={"rg":rg,"name":name,"os":os,"vnet":vnet,"subnet":subnet,"size":size,"power":power,"publicIp":pip,"dataDisks":disks,"diskEncryption":enc,"passwordAuth":pw,
       "encryptionAtHost":not legacy,"diskPublicAccess":False,"tags":tags or {}}
    if vnetRg: v["vnetRg"]=vnetRg
    if image: v["image"]=image
    if nsg: v["nsg"]=nsg
    vms.append(v)
for i in range(1,7): V("rg-prod-web-eus",f"web-eus-{i:02d}","Linux","vnet-prod-eus","snet-web","rg-shared-eus",size="Standard_D2s_v5",pip=(i==1),tags={"role":"web","owner":"web-team"})
for i in range(1,9): V("rg-prod-app-eus",f"app-eus-{i:02d}","Windows" if i%2==0 else "Linux","vnet-prod-eus","snet-app","rg-shared-eus",image="win2022" if i%2==0 else "rhel9",size="Standard_D4s_v5",power="stopped" if i==7 else "deallocated" if i==8 else "running",disks=1,tags={"role":"app","owner":"orders-team"})
V("rg-prod-data-eus","sqlvm-eus-01","Windows","vnet-prod-eus","snet-data","rg-shared-eus",image="win2022",size="Standard_E8s_v5",disks=2,tags={"role":"sql","owner":"dba-team"})
V("rg-prod-data-eus","sqlvm-eus-02","Windows","vnet-prod-eus","snet-data","rg-shared-eus",image="win2019",size="Standard_E8s_v5",disks=2,tags={"role":"sql","owner":"dba-team"})
for i in range(1,4): V("rg-prod-data-eus",f"mongo-eus-{i:02d}","Linux","vnet-prod-eus","snet-data","rg-shared-eus",image="ubuntu2004",size="Standard_E4s_v5",disks=1,tags={"role":"mongodb","owner":"dba-team"})
V("rg-shared-eus","jump-eus-01","Windows","vnet-prod-eus","snet-mgmt",image="win2022",size="Standard_B2ms",nsg="nsg-jump-eus",pip=True,tags={"role":"jumpbox","owner":"it-ops"})
V("rg-shared-eus","dc-eus-01","Windows","vnet-prod-eus","snet-mgmt",image="win2019",size="Standard_D2s_v5",tags={"role":"domain-controller","owner":"it-ops"})
V("rg-shared-eus","dc-eus-02","Windows","vnet-prod-eus","snet-mgmt",image="win2019",size="Standard_D2s_v5",tags={"role":"domain-controller","owner":"it-ops"})
for i in range(1,5): V("rg-prod-weu",f"web-weu-{i:02d}","Linux","vnet-prod-weu","snet-web",image="debian12",tags={"role":"web","owner":"eu-team"})
for i in range(1,4): V("rg-prod-weu",f"app-weu-{i:02d}","Windows","vnet-prod-weu","snet-app",image="win2022",size="Standard_D4s_v5",disks=1,tags={"role":"app","owner":"eu-team"})
for i in range(1,6): V("rg-prod-sea",f"wms-sea-{i:02d}","Windows","vnet-prod-sea","snet-wms",image="win2019",size="Standard_D4s_v5",power="deallocated" if i==5 else "running",disks=1,tags={"role":"warehouse","owner":"apac-ops"})
V("rg-prod-sea","scanner-gw-sea-01","Linux","vnet-prod-sea","snet-wms",image="ubuntu2204",size="Standard_B2s",pip=True,tags={"role":"iot-gateway","owner":"apac-ops"})
for i in range(1,9):
    V("rg-dev-wus2",f"dev-wus2-{i:02d}","Windows" if i in (3,6) else "Linux","vnet-dev-wus2","snet-dev",image="win11" if i in (3,6) else "ubuntu2204",size="Standard_B2ms",
      power="deallocated" if i in (4,8) else "stopped" if i==7 else "running",pip=(i==5),pw=(i==5),tags={"role":"dev","owner":"dev-team"})
V("rg-legacy-uks","legacy-ftp-uks-01","Windows","vnet-legacy-uks","snet-legacy",image="win2016",size="Standard_D2s_v3",nsg="nsg-legacy-ftp",pip=True,tags={"role":"ftp","owner":"legacy-team"})
V("rg-legacy-uks","legacy-erp-uks-01","Windows","vnet-legacy-uks","snet-legacy",image="win2016",size="Standard_D8s_v3",disks=2,tags={"role":"erp","owner":"legacy-team"})
V("rg-legacy-uks","legacy-erp-uks-02","Windows","vnet-legacy-uks","snet-legacy",image="win2016",size="Standard_D8s_v3",power="stopped",disks=2,tags={"role":"erp","owner":"legacy-team"})
# Agentless detection (Seeds/README.md, "Disk contents"): disks a scan must skip, with the reason it must give
def VMSET(name,**kw):
    [v for v in vms if v["name"]==name][0].update(kw)
VMSET("sqlvm-eus-01",dataDiskSku="UltraSSD_LRS")    # Ultra disks cannot be snapshotted like other disks: skipped
VMSET("mongo-eus-03",dataDiskSku="PremiumV2_LRS")   # Premium SSD v2: skipped
VMSET("app-eus-05",adeEncrypted=True)               # Azure Disk Encryption (dm-crypt): unreadable out of band, skipped
# OS disks with planted findings (the other VMs get their OS image's clean built-in image)
for vmname,img in [("web-eus-01","ubuntu2204-web"),("dev-wus2-05","ubuntu2204-dev"),("app-eus-01","rhel9-orders"),("jump-eus-01","win2022-jump")]:
    if IMG(img): VMSET(vmname,osDiskContent=IMG(img))
doc["vms"]=vms
res=[]
def X(type,name,rg=None,props=None,**kw):
    kw={k:v for k,v in kw.items() if v is not None}
    r={"type":type,"name":name}
    if rg: r["rg"]=rg
    if props is not None: r["properties"]=props
    r.update(kw); res.append(r)
# storage
law="/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.OperationalInsights/workspaces/law-fabrikam-secops"
def PE(rid,group):
    """An approved private endpoint connection as ARM embeds it in the target resource (properties.privateEndpointConnections)."""
    n=rid.split("/")[-1]
    return [{"id":f"{rid}/privateEndpointConnections/pe-{n}.{group}","name":f"pe-{n}.{group}","type":rid.split("/providers/")[1].rsplit("/",1)[0]+"/privateEndpointConnections",
             "properties":{"privateEndpoint":{"id":f"/subscriptions/{{subscriptionId}}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/privateEndpoints/pe-{n}"},
                           "privateLinkServiceConnectionState":{"status":"Approved","description":"Auto-Approved","actionsRequired":"None"},"provisioningState":"Succeeded"}}]
def SA(rg,n): return f"/subscriptions/{{subscriptionId}}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{n}"
DENY={"bypass":"AzureServices","defaultAction":"Deny","ipRules":[],"virtualNetworkRules":[],"resourceAccessRules":[],"ipv6Rules":[]}
KEYPOL={"keyExpirationPeriodInDays":90}
# the three well-run accounts: private endpoint only, Entra ID only, key rotation reminder
X("Microsoft.Storage/storageAccounts","stfabrikamprodeus01","rg-prod-data-eus",{"networkAcls":DENY,"publicNetworkAccess":"Disabled","allowSharedKeyAccess":False,"keyPolicy":KEYPOL,"encryption":{"requireInfrastructureEncryption":True},"privateEndpointConnections":PE(SA("rg-prod-data-eus","stfabrikamprodeus01"),"blob")},sku={"name":"Standard_GRS","tier":"Standard"},tags={"data":"orders"})
X("Microsoft.Storage/storageAccounts","stfabrikamlogs","rg-security-eus",{"networkAcls":DENY,"publicNetworkAccess":"Disabled","allowSharedKeyAccess":False,"keyPolicy":KEYPOL,"privateEndpointConnections":PE(SA("rg-security-eus","stfabrikamlogs"),"blob"),
  "encryption":{"keySource":"Microsoft.Keyvault","keyvaultproperties":{"keyname":"cmk-storage","keyvaulturi":"https://kv-fabrikam-prod-eus.vault.azure.net/"},"requireInfrastructureEncryption":True}},identity={"type":"SystemAssigned","principalId":"5d1e7a3c-0b2f-4c6d-9e8a-1f2b3c4d5e60","tenantId":T1},tags={"data":"logs"})
# the risky ones (R20-R27, R76, R78); the two newer ones at least use Entra ID only and remind key rotation
X("Microsoft.Storage/storageAccounts","stfabrikampublicweb","rg-prod-web-eus",{"allowBlobPublicAccess":True,"allowSharedKeyAccess":False,"keyPolicy":KEYPOL},tags={"data":"public-assets"})
X("Microsoft.Storage/storageAccounts","stfabrikamlegacyuks","rg-legacy-uks",{"supportsHttpsTrafficOnly":False,"minimumTlsVersion":"TLS1_0","allowCrossTenantReplication":True},kind="Storage",sku={"name":"Standard_GRS","tier":"Standard"})
X("Microsoft.Storage/storageAccounts","stfabrikamdevwus2","rg-dev-wus2",{"minimumTlsVersion":"TLS1_1","allowSharedKeyAccess":False,"keyPolicy":KEYPOL})
X("Microsoft.Storage/storageAccounts","stfabrikamseabackup","rg-prod-sea",{"encryption":{"keySource":"Microsoft.Keyvault","keyvaultproperties":{"keyname":"cmk-storage","keyvaulturi":"https://kv-fabrikam-prod-eus.vault.azure.net/"},"requireInfrastructureEncryption":True},"networkAcls":DENY,"publicNetworkAccess":"Disabled","allowSharedKeyAccess":False,"keyPolicy":KEYPOL,
  "privateEndpointConnections":PE(SA("rg-prod-sea","stfabrikamseabackup"),"blob")},identity={"type":"SystemAssigned","principalId":"6e2f8b4d-1c3a-4d7e-8f9b-2a3c4d5e6f71","tenantId":T1})
for sa,soft in [("stfabrikamprodeus01",True),("stfabrikamlogs",True),("stfabrikampublicweb",False),("stfabrikamlegacyuks",False),("stfabrikamdevwus2",True),("stfabrikamseabackup",True)]:
    rg={"stfabrikamprodeus01":"rg-prod-data-eus","stfabrikamlogs":"rg-security-eus","stfabrikampublicweb":"rg-prod-web-eus","stfabrikamlegacyuks":"rg-legacy-uks","stfabrikamdevwus2":"rg-dev-wus2","stfabrikamseabackup":"rg-prod-sea"}[sa]
    X("Microsoft.Storage/storageAccounts/blobServices",f"{sa}/default",rg,{"deleteRetentionPolicy":{"allowPermanentDelete":False,"enabled":soft,"days":14 if soft else 0},"containerDeleteRetentionPolicy":{"enabled":soft,"days":14 if soft else 0}})
# key vaults
X("Microsoft.KeyVault/vaults","kv-fabrikam-prod-eus","rg-security-eus",{"sku":{"family":"A","name":"premium"},"publicNetworkAccess":"Disabled",
  "privateEndpointConnections":PE("/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus","vault"),"networkAcls":{"bypass":"AzureServices","defaultAction":"Deny","ipRules":[],"virtualNetworkRules":[]}})
X("Microsoft.KeyVault/vaults","kv-fabrikam-legacy","rg-legacy-uks",{"enablePurgeProtection":False,"enableRbacAuthorization":False,"accessPolicies":[{"tenantId":T1,"objectId":"0b1c2d3e-7777-4a1b-8c2d-3e4f5a6b7c8d","permissions":{"keys":["all"],"secrets":["all"],"certificates":["all"]}}]})
X("Microsoft.KeyVault/vaults","kv-fabrikam-dev","rg-dev-wus2",{"enablePurgeProtection":False,"softDeleteRetentionInDays":7})
X("Microsoft.KeyVault/vaults/keys","kv-fabrikam-prod-eus/cmk-disk","rg-security-eus",{"attributes":{"enabled":True,"exp":1830297600},"rotationPolicy":{"lifetimeActions":[{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"rotate"}}],"attributes":{"expiryTime":"P1Y"}}})
X("Microsoft.KeyVault/vaults/keys","kv-fabrikam-prod-eus/cmk-storage","rg-security-eus",{"attributes":{"enabled":True}})
X("Microsoft.KeyVault/vaults/secrets","kv-fabrikam-prod-eus/sql-admin-password","rg-security-eus",{"attributes":{"enabled":True,"exp":1798761600}})
X("Microsoft.KeyVault/vaults/secrets","kv-fabrikam-legacy/erp-db-connection","rg-legacy-uks",{"attributes":{"enabled":True}})
X("Microsoft.KeyVault/vaults/keys","kv-fabrikam-legacy/erp-signing","rg-legacy-uks",{"attributes":{"enabled":True}})
# SQL
X("Microsoft.Sql/servers","sql-fabrikam-prod-eus","rg-prod-data-eus",{"publicNetworkAccess":"Disabled","minimalTlsVersion":"1.2","administrators":{"administratorType":"ActiveDirectory","principalType":"Group","login":"sql-admins","sid":"1a2b3c4d-8888-4a1b-9c2d-3e4f5a6b7c8d","tenantId":T1,"azureADOnlyAuthentication":True}})
X("Microsoft.Sql/servers/firewallRules","sql-fabrikam-prod-eus/AllowAllWindowsAzureIps","rg-prod-data-eus",{"startIpAddress":"0.0.0.0","endIpAddress":"0.0.0.0"})
X("Microsoft.Sql/servers/firewallRules","sql-fabrikam-prod-eus/corp-office","rg-prod-data-eus",{"startIpAddress":"203.0.113.10","endIpAddress":"203.0.113.20"})
X("Microsoft.Sql/servers/auditingSettings","sql-fabrikam-prod-eus/default","rg-prod-data-eus",{"state":"Enabled","retentionDays":180,"isAzureMonitorTargetEnabled":True})
X("Microsoft.Sql/servers/administrators","sql-fabrikam-prod-eus/ActiveDirectory","rg-prod-data-eus",{"login":"sql-admins","sid":"1a2b3c4d-8888-4a1b-9c2d-3e4f5a6b7c8d","tenantId":T1})
X("Microsoft.Sql/servers/encryptionProtector","sql-fabrikam-prod-eus/current","rg-prod-data-eus",{"serverKeyName":"kv-fabrikam-prod-eus_cmk-sql_0123456789abcdef","serverKeyType":"AzureKeyVault","uri":"https://kv-fabrikam-prod-eus.vault.azure.net/keys/cmk-sql/0123456789abcdef","autoRotationEnabled":True},kind="azurekeyvault")
X("Microsoft.Sql/servers/databases","sql-fabrikam-prod-eus/orders","rg-prod-data-eus")
X("Microsoft.Sql/servers/databases","sql-fabrikam-prod-eus/inventory","rg-prod-data-eus")
X("Microsoft.Sql/servers/databases/transparentDataEncryption","sql-fabrikam-prod-eus/orders/current","rg-prod-data-eus",{"state":"Enabled"})
X("Microsoft.Sql/servers/databases/transparentDataEncryption","sql-fabrikam-prod-eus/inventory/current","rg-prod-data-eus",{"state":"Enabled"})
X("Microsoft.Sql/servers","sql-fabrikam-legacy-uks","rg-legacy-uks",{"minimalTlsVersion":"1.0"})
X("Microsoft.Sql/servers/firewallRules","sql-fabrikam-legacy-uks/AllowAll","rg-legacy-uks",{"startIpAddress":"0.0.0.0","endIpAddress":"255.255.255.255"})
X("Microsoft.Sql/servers/auditingSettings","sql-fabrikam-legacy-uks/default","rg-legacy-uks",{"state":"Disabled","retentionDays":0})
X("Microsoft.Sql/servers/encryptionProtector","sql-fabrikam-legacy-uks/current","rg-legacy-uks",{})
X("Microsoft.Sql/servers/databases","sql-fabrikam-legacy-uks/erp","rg-legacy-uks")
X("Microsoft.Sql/servers/databases/transparentDataEncryption","sql-fabrikam-legacy-uks/erp/current","rg-legacy-uks",{"state":"Disabled"})
X("Microsoft.Sql/servers","sql-fabrikam-dev-wus2","rg-dev-wus2",{})
X("Microsoft.Sql/servers/auditingSettings","sql-fabrikam-dev-wus2/default","rg-dev-wus2",{"state":"Enabled","retentionDays":30,"isAzureMonitorTargetEnabled":True})
X("Microsoft.Sql/servers/administrators","sql-fabrikam-dev-wus2/ActiveDirectory","rg-dev-wus2",{"login":"dev-sql-admins","sid":"2b3c4d5e-9999-4b2c-8d3e-4f5a6b7c8d9e","tenantId":T1})
X("Microsoft.Sql/servers/encryptionProtector","sql-fabrikam-dev-wus2/current","rg-dev-wus2",{})
X("Microsoft.Sql/servers/databases","sql-fabrikam-dev-wus2/devdb","rg-dev-wus2")
X("Microsoft.Sql/servers/databases/transparentDataEncryption","sql-fabrikam-dev-wus2/devdb/current","rg-dev-wus2",{"state":"Enabled"})
# web
X("Microsoft.Web/serverfarms","asp-rg-prod-web-eus","rg-prod-web-eus")
X("Microsoft.Web/serverfarms","asp-rg-prod-weu","rg-prod-weu")
X("Microsoft.Web/serverfarms","asp-rg-dev-wus2","rg-dev-wus2",{"reserved":True},kind="linux")
X("Microsoft.Web/sites","app-fabrikam-portal","rg-prod-web-eus",{"httpsOnly":True,"clientCertEnabled":True},identity={"type":"SystemAssigned","principalId":"7f3a9c5e-2d4b-4e8f-9a0c-3b4d5e6f7a82","tenantId":T1})
X("Microsoft.Web/sites/config","app-fabrikam-portal/web","rg-prod-web-eus",{"ftpsState":"Disabled","minTlsVersion":"1.2","http20Enabled":True,"netFrameworkVersion":"v8.0","remoteDebuggingEnabled":False,"httpLoggingEnabled":True})
X("Microsoft.Web/sites","app-fabrikam-tracking","rg-prod-weu",{"httpsOnly":False,"siteConfig":{"phpVersion":"7.4","ftpsState":"AllAllowed","minTlsVersion":"1.0","http20Enabled":False,"remoteDebuggingEnabled":True}},identity={"type":"SystemAssigned","principalId":"8a4b0d6f-3e5c-4f9a-8b1d-4c5e6f7a8b93","tenantId":T1})
X("Microsoft.Web/sites/config","app-fabrikam-tracking/web","rg-prod-weu",{"phpVersion":"7.4","ftpsState":"AllAllowed","minTlsVersion":"1.0","http20Enabled":False,"remoteDebuggingEnabled":True,"remoteDebuggingVersion":"VS2019"})
X("Microsoft.Web/sites","app-fabrikam-dev-api","rg-dev-wus2",{"reserved":True,"siteConfig":{"linuxFxVersion":"PYTHON|3.8"}},kind="app,linux",identity={"type":"SystemAssigned","principalId":"9b5c1e7a-4f6d-4a0b-9c2e-5d6f7a8b9ca4","tenantId":T1})
X("Microsoft.Web/sites/config","app-fabrikam-dev-api/web","rg-dev-wus2",{"linuxFxVersion":"PYTHON|3.8","ftpsState":"FtpsOnly","minTlsVersion":"1.2","http20Enabled":True})
def AUTH(issuer_client):
    return {"platform":{"enabled":True,"runtimeVersion":"~1"},
            "globalValidation":{"requireAuthentication":True,"unauthenticatedClientAction":"RedirectToLoginPage","redirectToProvider":"azureactivedirectory"},
            "identityProviders":{"azureActiveDirectory":{"enabled":True,"registration":{"openIdIssuer":f"https://sts.windows.net/{T1}/v2.0","clientId":issuer_client,"clientSecretSettingName":"MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"},
                                 "login":{"disableWWWAuthenticate":False},"validation":{"allowedAudiences":[f"api://{issuer_client}"]}}},
            "login":{"tokenStore":{"enabled":True,"tokenRefreshExtensionHours":72.0},"preserveUrlFragmentsForLogins":False},
            "httpSettings":{"requireHttps":True,"routes":{"apiPrefix":"/.auth"},"forwardProxy":{"convention":"NoProxy"}}}
X("Microsoft.Web/sites/config","app-fabrikam-portal/authsettingsV2","rg-prod-web-eus",AUTH("0c1d2e3f-aaaa-4b5c-8d9e-0f1a2b3c4d5e"))
X("Microsoft.Web/sites/config","app-fabrikam-dev-api/authsettingsV2","rg-dev-wus2",AUTH("1d2e3f4a-bbbb-4c6d-9e0f-1a2b3c4d5e6f"))
# the tracking app had Easy Auth tried once and turned off again (R80); the sim serves Azure's defaults for any other site
X("Microsoft.Web/sites/config","app-fabrikam-tracking/authsettingsV2","rg-prod-weu",{"platform":{"enabled":False,"runtimeVersion":"~1"}})
# monitor
X("Microsoft.Insights/actionGroups","ag-secops","rg-security-eus",{"groupShortName":"secops","enabled":True,"emailReceivers":[{"name":"secops","emailAddress":"secops@fabrikamlogistics.com","useCommonAlertSchema":True,"status":"Enabled"}]},location="global")
ag="/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/microsoft.insights/actionGroups/ag-secops"
for nm,op in [("alert-nsg-write","Microsoft.Network/networkSecurityGroups/write"),("alert-nsg-delete","Microsoft.Network/networkSecurityGroups/delete"),("alert-policy-assignment-write","Microsoft.Authorization/policyAssignments/write")]:
    X("Microsoft.Insights/activityLogAlerts",nm,"rg-security-eus",{"scopes":["/subscriptions/{subscriptionId}"],"condition":{"allOf":[{"field":"category","equals":"Administrative"},{"field":"operationName","equals":op}]},"actions":{"actionGroups":[{"actionGroupId":ag,"webhookProperties":{}}]},"enabled":True,"description":f"Alert on {op}"},location="global")
X("Microsoft.Insights/activityLogAlerts","alert-sql-firewall-write","rg-security-eus",{"scopes":["/subscriptions/{subscriptionId}"],"condition":{"allOf":[{"field":"category","equals":"Administrative"},{"field":"operationName","equals":"Microsoft.Sql/servers/firewallRules/write"}]},"actions":{"actionGroups":[{"actionGroupId":ag,"webhookProperties":{}}]},"enabled":False,"description":"Disabled during migration"},location="global")
law="/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.OperationalInsights/workspaces/law-fabrikam-secops"
X("Microsoft.Insights/diagnosticSettings","diag-activitylog",None,{"workspaceId":law,"storageAccountId":"/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs","logs":[{"category":c,"enabled":True} for c in ["Administrative","Security","Alert","Policy"]]+[{"category":c,"enabled":False} for c in ["ServiceHealth","Recommendation","Autoscale","ResourceHealth"]]},scope="subscription")
X("Microsoft.Insights/diagnosticSettings","diag-kv-audit","rg-security-eus",{"workspaceId":law,"logs":[{"categoryGroup":"audit","enabled":True,"retentionPolicy":{"enabled":False,"days":0}}],"metrics":[{"category":"AllMetrics","enabled":True}]},scope="resource:Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus")
# defender pricings
pr=[("VirtualMachines","Standard","P2"),("SqlServers","Standard",None),("AppServices","Free",None),("StorageAccounts","Standard","DefenderForStorageV2"),("SqlServerVirtualMachines","Free",None),("KeyVaults","Free",None),("Arm","Standard",None),("Dns","Free",None),("OpenSourceRelationalDatabases","Free",None),("CosmosDbs","Free",None),("Containers","Standard",None),("CloudPosture","Standard",None)]
for n,t,sp in pr:
    p={"pricingTier":t,"freeTrialRemainingTime":"PT0S","enforce":"False","resourcesCoverageStatus":"FullyCovered" if t=="Standard" else "NotCovered"}
    if t=="Standard": p["enablementTime"]="2025-02-03T10:15:00.0000000Z"
    if sp: p["subPlan"]=sp
    if n=="VirtualMachines": p["extensions"]=[{"name":"AgentlessVmScanning","isEnabled":"True","additionalExtensionProperties":{"ExclusionTags":"[{\"Key\":\"scan\",\"Value\":\"exclude\"}]"}},{"name":"MdeDesignatedSubscription","isEnabled":"False"},{"name":"FileIntegrityMonitoring","isEnabled":"True","additionalExtensionProperties":{"DefinedWorkspaceId":law}}]
    if n=="Containers": p["extensions"]=[{"name":n2,"isEnabled":"True"} for n2 in ["ContainerRegistriesVulnerabilityAssessments","AgentlessDiscoveryForKubernetes","ContainerSensor","AgentlessVmScanning"]]
    if n=="Dns": p["deprecated"]=True; p["replacedBy"]=["VirtualMachines"]
    X("Microsoft.Security/pricings",n,None,p,scope="subscription")
X("Microsoft.Security/securityContacts","default",None,{"emails":"secops@fabrikamlogistics.com","phone":"","isEnabled":True,"notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"Medium"},{"sourceType":"AttackPath","minimalRiskLevel":"Critical"}]},scope="subscription")
X("Microsoft.Security/autoProvisioningSettings","default",None,{"autoProvision":"Off"},scope="subscription")
# network watchers (missing in westus2, southeastasia, uksouth)
X("Microsoft.Network/networkWatchers","NetworkWatcher_eastus","NetworkWatcherRG",location="eastus")
X("Microsoft.Network/networkWatchers","NetworkWatcher_westeurope","NetworkWatcherRG",location="westeurope")
# orphan disk + snapshot
X("Microsoft.Compute/disks","disk-orphaned-legacy-01","rg-legacy-uks",{"osType":"Windows","diskSizeGB":256,"diskSizeBytes":274877906944,"diskState":"Unattached","creationData":{"createOption":"Empty"},"networkAccessPolicy":"AllowAll","publicNetworkAccess":"Enabled"},sku={"name":"Standard_LRS","tier":"Standard"})
# custom images (the "Custom Image Check"): a golden snapshot, a managed image captured from it, and an Azure Compute Gallery
# image with two versions (one from the snapshot, one from the managed image)
GOLD="/subscriptions/{subscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Compute/snapshots/snap-golden-web-ubuntu2204"
X("Microsoft.Compute/snapshots","snap-golden-web-ubuntu2204","rg-shared-eus",{"osType":"Linux","hyperVGeneration":"V2","creationData":{"createOption":"Import","sourceUri":"https://stfabrikamimages.blob.core.windows.net/vhds/golden-web-2024-09.vhd"},"diskSizeGB":30,"diskSizeBytes":32212254720,"incremental":False},
  tags={"image":"golden-web","build":"2024-09"},contentImage=IMG("ubuntu2204"))
X("Microsoft.Compute/images","img-golden-web-2024-09","rg-shared-eus",{"storageProfile":{"osDisk":{"osType":"Linux","osState":"Generalized","snapshot":{"id":GOLD},"caching":"ReadWrite","storageAccountType":"Standard_LRS","diskSizeGB":30},"dataDisks":[],"zoneResilient":False},"hyperVGeneration":"V2"})
X("Microsoft.Compute/galleries","galFabrikamImages","rg-shared-eus",{"description":"Fabrikam golden images"})
X("Microsoft.Compute/galleries/images","galFabrikamImages/web-ubuntu","rg-shared-eus",{"osType":"Linux","osState":"Generalized","hyperVGeneration":"V2","identifier":{"publisher":"Fabrikam","offer":"web","sku":"ubuntu-22_04"}})
X("Microsoft.Compute/galleries/images/versions","galFabrikamImages/web-ubuntu/1.0.0","rg-shared-eus",{"storageProfile":{"osDiskImage":{"sizeInGB":30,"hostCaching":"ReadWrite","source":{"id":GOLD}},"dataDiskImages":[]}})
X("Microsoft.Compute/galleries/images/versions","galFabrikamImages/web-ubuntu/1.1.0","rg-shared-eus",{"storageProfile":{"source":{"id":"/subscriptions/{subscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Compute/images/img-golden-web-2024-09"},"osDiskImage":{"sizeInGB":30,"hostCaching":"ReadWrite"},"dataDiskImages":[]}})
X("Microsoft.Compute/snapshots","snap-sqlvm-eus-01-predeploy","rg-prod-data-eus",{"creationData":{"createOption":"Copy","sourceResourceId":"/subscriptions/{subscriptionId}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Compute/disks/sqlvm-eus-01_DataDisk_0"},"diskSizeGB":128,"incremental":True})
# log analytics workspace referenced by diagnostic settings, application insights
X("Microsoft.OperationalInsights/workspaces","law-fabrikam-secops","rg-security-eus",{"retentionInDays":90})
X("Microsoft.Insights/components","appi-fabrikam-portal","rg-prod-web-eus",{"WorkspaceResourceId":law})
# NSG flow logs (7.5 retention, 6.1.5 traffic analytics)
X("Microsoft.Network/networkWatchers/flowLogs","NetworkWatcher_eastus/fl-nsg-web-eus","NetworkWatcherRG",{"targetResourceId":"/subscriptions/{subscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-web-eus","storageId":"/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs","enabled":True,"retentionPolicy":{"days":30,"enabled":True}},location="eastus")
X("Microsoft.Network/networkWatchers/flowLogs","NetworkWatcher_westeurope/fl-nsg-web-weu","NetworkWatcherRG",{"targetResourceId":"/subscriptions/{subscriptionId}/resourceGroups/rg-prod-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-web-weu","storageId":"/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs","enabled":True,"retentionPolicy":{"days":120,"enabled":True},"flowAnalyticsConfiguration":{"networkWatcherFlowAnalyticsConfiguration":{"enabled":True,"workspaceResourceId":law,"trafficAnalyticsInterval":10}}},location="westeurope")
for nsg in ["nsg-app-eus","nsg-data-eus","nsg-mgmt-eus","nsg-jump-eus"]:
    X("Microsoft.Network/networkWatchers/flowLogs",f"NetworkWatcher_eastus/fl-{nsg}","NetworkWatcherRG",{"targetResourceId":f"/subscriptions/{{subscriptionId}}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/{nsg}","storageId":"/subscriptions/{subscriptionId}/resourceGroups/rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs","enabled":True,"retentionPolicy":{"days":120,"enabled":True},"flowAnalyticsConfiguration":{"networkWatcherFlowAnalyticsConfiguration":{"enabled":True,"workspaceResourceId":law,"trafficAnalyticsInterval":10}}},location="eastus")
# load balancer in front of the EU web tier
X("Microsoft.Network/loadBalancers","lb-web-eus","rg-prod-web-eus",{})
# storage queue/table services + storage logging diagnostic settings (4.12-4.14)
STORAGE={"stfabrikamprodeus01":"rg-prod-data-eus","stfabrikamlogs":"rg-security-eus","stfabrikampublicweb":"rg-prod-web-eus","stfabrikamlegacyuks":"rg-legacy-uks","stfabrikamdevwus2":"rg-dev-wus2","stfabrikamseabackup":"rg-prod-sea"}
for sa,rg in STORAGE.items():
    for svc in ["queueServices","tableServices"]:
        X(f"Microsoft.Storage/storageAccounts/{svc}",f"{sa}/default",rg,{})
    if sa=="stfabrikampublicweb": continue
    for svc in ["blobServices","queueServices","tableServices"]:
        X("Microsoft.Insights/diagnosticSettings","diag-storage-logs",rg,{"workspaceId":law,"logs":[{"category":c,"enabled":True} for c in ["StorageRead","StorageWrite","StorageDelete"]],"metrics":[{"category":"Transaction","enabled":True}]},scope=f"resource:Microsoft.Storage/storageAccounts/{svc}|{sa}/default")
# PostgreSQL flexible (5.2.1-5.2.5)
X("Microsoft.DBforPostgreSQL/flexibleServers","psql-fabrikam-orders","rg-prod-data-eus",{})
for k,v in [("require_secure_transport","off"),("log_checkpoints","on"),("connection_throttle.enable","on"),("logfiles.retention_days","3")]:
    X("Microsoft.DBforPostgreSQL/flexibleServers/configurations",f"psql-fabrikam-orders/{k}","rg-prod-data-eus",{"value":v,"source":"user-override"})
X("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules","psql-fabrikam-orders/AllowAllAzureServicesAndResourcesWithinAzureIps_2025-3-4_10-1-2","rg-prod-data-eus",{"startIpAddress":"0.0.0.0","endIpAddress":"0.0.0.0"})
# PostgreSQL single server, legacy (5.2.6-5.2.8)
X("Microsoft.DBforPostgreSQL/servers","psql-fabrikam-legacy","rg-legacy-uks",{"infrastructureEncryption":"Disabled"})
for k,v in [("log_connections","off"),("log_disconnections","off"),("log_checkpoints","on"),("connection_throttling","on")]:
    X("Microsoft.DBforPostgreSQL/servers/configurations",f"psql-fabrikam-legacy/{k}","rg-legacy-uks",{"value":v,"source":"user-override"})
# MySQL flexible (5.3.1-5.3.4)
X("Microsoft.DBforMySQL/flexibleServers","mysql-fabrikam-wms","rg-prod-sea",{})
for k,v in [("require_secure_transport","ON"),("tls_version","TLSv1,TLSv1.1,TLSv1.2"),("audit_log_enabled","OFF"),("audit_log_events","CONNECTION")]:
    X("Microsoft.DBforMySQL/flexibleServers/configurations",f"mysql-fabrikam-wms/{k}","rg-prod-sea",{"value":v,"source":"user-override"})
# Cosmos DB (5.4.1, 5.4.3)
X("Microsoft.DocumentDB/databaseAccounts","cosmos-fabrikam-tracking","rg-prod-weu",{"publicNetworkAccess":"Enabled","isVirtualNetworkFilterEnabled":False,"disableLocalAuth":False})
# VM extensions (8.7 approved extensions, 8.8 endpoint protection)
for vm,rg,pubr,typ,ver in [("sqlvm-eus-01","rg-prod-data-eus","Microsoft.Azure.AzureDefenderForServers","MDE.Windows","1.0"),("sqlvm-eus-01","rg-prod-data-eus","Microsoft.Azure.Monitor","AzureMonitorWindowsAgent","1.22"),
                           ("dc-eus-01","rg-shared-eus","Microsoft.Azure.AzureDefenderForServers","MDE.Windows","1.0"),("web-eus-01","rg-prod-web-eus","Microsoft.Azure.AzureDefenderForServers","MDE.Linux","1.0"),
                           ("legacy-erp-uks-01","rg-legacy-uks","Microsoft.Compute","CustomScriptExtension","1.10"),("dev-wus2-05","rg-dev-wus2","Microsoft.OSTCExtensions","VMAccessForLinux","1.5")]:
    X("Microsoft.Compute/virtualMachines/extensions",f"{vm}/{typ}",rg,{"publisher":pubr,"type":typ,"typeHandlerVersion":ver})
for v in vms:
    if v["name"] in ("sqlvm-eus-01","dc-eus-01","web-eus-01","legacy-erp-uks-01"): continue
    typ="MDE.Windows" if v["os"]=="Windows" else "MDE.Linux"
    X("Microsoft.Compute/virtualMachines/extensions",f"{v['name']}/{typ}",v["rg"],{"publisher":"Microsoft.Azure.AzureDefenderForServers","type":typ,"typeHandlerVersion":"1.0"})
# App Service basic-auth publishing (9.6)
for site,rg,allow in [("app-fabrikam-portal","rg-prod-web-eus",False),("app-fabrikam-tracking","rg-prod-weu",True),("app-fabrikam-dev-api","rg-dev-wus2",True)]:
    for pol in ["ftp","scm"]:
        X("Microsoft.Web/sites/basicPublishingCredentialsPolicies",f"{site}/{pol}",rg,{"allow":allow})
# Defender integrations (3.1.1.2 MCAS, 3.1.3.3 WDATP) and a resource lock
X("Microsoft.Security/settings","MCAS",None,{"enabled":False},scope="subscription",kind="DataExportSettings")
X("Microsoft.Security/settings","WDATP",None,{"enabled":True},scope="subscription",kind="DataExportSettings")
X("Microsoft.Authorization/locks","lock-prod-data","rg-prod-data-eus",{"level":"CanNotDelete","notes":"Production data - do not delete"})
# resource logs (allLogs to the SecOps workspace) for NSGs, web apps, SQL databases, PostgreSQL/MySQL flexible servers and
# Cosmos DB; kv-fabrikam-legacy and kv-fabrikam-dev have none (R34)
def DIAG(rtype,name,rg):
    X("Microsoft.Insights/diagnosticSettings","diag-resource-logs",rg,{"workspaceId":law,"logs":[{"categoryGroup":"allLogs","enabled":True}],"metrics":[{"category":"AllMetrics","enabled":True}]},scope=f"resource:{rtype}|{name}")
for n in doc["networkSecurityGroups"]: DIAG("Microsoft.Network/networkSecurityGroups",n["name"],n["rg"])
for r in list(res):
    if r["type"] in ("Microsoft.Web/sites","Microsoft.Sql/servers/databases","Microsoft.DBforPostgreSQL/flexibleServers","Microsoft.DBforMySQL/flexibleServers","Microsoft.DocumentDB/databaseAccounts"):
        DIAG(r["type"],r["name"],r["rg"])
# a custom role for lock administration (2.24), so locks are managed without Owner
doc["customRoles"].append({"id":"8d2f4a6c-1e3b-4c5d-9f7a-0b1c2d3e4f5a","roleName":"Fabrikam Resource Lock Administrator","description":"Create, read and delete management locks.",
  "actions":["Microsoft.Authorization/locks/*","Microsoft.Resources/subscriptions/resourceGroups/read"],"notActions":[],"assignableScopes":[SUB]})
doc["resources"]=res
import os
json.dump(doc,open(os.path.join(os.path.dirname(os.path.abspath(__file__)),"demo.json"),"w"),indent=1)
print(len(vms),"vms",len(res),"resources")
