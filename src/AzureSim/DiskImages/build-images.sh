#!/usr/bin/env bash
# Rebuilds the demo tenant's OS disk images (src/AzureSim/DiskImages/*.img.gz) that AzureSim embeds and serves through
# disk exports (beginGetAccess SAS URLs). The images are committed: the portal's demo mode needs nothing installed.
# Usage: src/AzureSim/DiskImages/build-images.sh [image ...]   (default: all; names in build_images.py IMAGES)
# Needs (Debian): e2fsprogs xfsprogs dosfstools mtools ntfs-3g fdisk openssh-client python3, FUSE (/dev/fuse) for ntfs-3g.
# Then regenerate the seed (python3 src/AzureSim/Seeds/generate_demo.py) so it references the images that exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
missing=()
for tool in mkfs.ext4 mkfs.xfs mkfs.vfat mcopy mkntfs ntfs-3g fusermount sfdisk ssh-keygen python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing tools: ${missing[*]} (apt-get install e2fsprogs xfsprogs dosfstools mtools ntfs-3g fdisk openssh-client python3)" >&2
  exit 1
fi
exec python3 "$here/build_images.py" "$@"
