#!/bin/bash
# Fetch Debian's linux-source-7.x (trixie-backports) and build the minimal
# x86_64 bzImage for the amdiommuctl VM tests.
#
# Usage: tests/vm/build-kernel.sh            # prints the cached bzImage path
# Env:   AMDIOMMUCTL_VM_CACHE  cache dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/amdiommuctl-vm)
#        AMDIOMMUCTL_VM_KSRC_PKG  force a source package (e.g. linux-source-7.3)
#
# The machine's apt configuration is never changed: a private sources list,
# lists dir and cache dir live under the cache dir.  The mirror URI is taken
# from the machine's own apt sources (never hard-coded here).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${AMDIOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/amdiommuctl-vm}
FRAGMENT=$HERE/kconfig-fragment.txt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$CACHE"

log() { printf '# build-kernel: %s\n' "$*" >&2; }
die() { printf '# build-kernel: ERROR: %s\n' "$*" >&2; exit 1; }

need_pkgs() {
    # $@: "command:package" pairs; apt-get install whatever is missing
    local missing=() cp
    for cp in "$@"; do
        command -v "${cp%%:*}" >/dev/null 2>&1 || missing+=("${cp#*:}")
    done
    [ -e /usr/include/libelf.h ] || missing+=(libelf-dev)
    [ -e /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
    [ -e "$KEYRING" ] || missing+=(debian-archive-keyring)
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root or install them)"
    log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
        || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
}

# --- mirror URI from the machine's own apt sources ---------------------------
debian_mirror() {
    local f uri
    # deb822 form: "URIs: http://host/debian" (skip debian-security etc.)
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        uri=$(awk 'tolower($1)=="uris:" { for (i=2;i<=NF;i++) print $i }' "$f" \
              | grep -E '^(https?|file)://[^ ]*/debian/?$' | head -n1 || true)
        [ -n "$uri" ] && { echo "${uri%/}"; return 0; }
    done
    # one-line form: "deb [opts] http://host/debian suite comps"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1=="deb" {print $2}' \
              | grep -E '^(https?|file)://[^ ]*/debian/?$' | head -n1 || true)
        [ -n "$uri" ] && { echo "${uri%/}"; return 0; }
    done
    return 1
}

fetch_source() {
    local apt="$CACHE/apt" mirror
    mirror=$(debian_mirror) || die "no Debian mirror (URIs ending in /debian) in /etc/apt/sources*"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$CACHE/src"
    # trixie-backports is signed by the Debian archive keys; bookworm's
    # debian-archive-keyring already holds the trixie keys, so plain signed-by
    # works and no trusted=yes is needed.
    echo "deb [signed-by=$KEYRING] $mirror trixie-backports main" > "$apt/sources.list"
    APT_OPTS=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
              -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
              -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
              -o Acquire::Languages=none -o APT::Get::List-Cleanup=0)
    # the private dirs belong to the caller: do not hand downloads to _apt
    [ "$(id -u)" = 0 ] && APT_OPTS+=(-o APT::Sandbox::User=root)
    # refresh the private index at most once a day (stamp file: apt gives
    # the list files the server's mtime); offline, keep using old lists
    if [ -z "$(find "$apt/update-stamp" -mtime -1 2>/dev/null)" ]; then
        log "apt-get update (private lists, $mirror trixie-backports)"
        if apt-get "${APT_OPTS[@]}" update >&2; then
            touch "$apt/update-stamp"
        elif ls "$apt/lists/"*Packages* >/dev/null 2>&1; then
            log "WARNING: apt-get update failed; using the lists from $(date -r "$apt/lists" +%F)"
        else
            die "apt-get update of trixie-backports failed"
        fi
    fi
    local pkg=${AMDIOMMUCTL_VM_KSRC_PKG:-}
    if [ -z "$pkg" ]; then
        pkg=$(apt-cache "${APT_OPTS[@]}" --names-only search '^linux-source-7\.[0-9]+$' \
              | awk '{print $1}' | sort -V | tail -n1)
    fi
    [ -n "$pkg" ] || die "no linux-source-7.* in trixie-backports"
    KVER_PKG=$(apt-cache "${APT_OPTS[@]}" show "$pkg" | awk '/^Version:/ {print $2}' | sort -V | tail -n1)
    [ -n "$KVER_PKG" ] || die "cannot get version of $pkg"
    KPKG=$pkg
    log "kernel source: $KPKG $KVER_PKG"
    local deb
    deb=$(ls "$CACHE/src/${KPKG}_${KVER_PKG//:/%3a}_"*.deb 2>/dev/null | head -n1 || true)
    if [ -z "$deb" ]; then
        (cd "$CACHE/src" && apt-get "${APT_OPTS[@]}" download "$KPKG=$KVER_PKG" >&2) \
            || die "apt-get download $KPKG failed"
        deb=$(ls "$CACHE/src/${KPKG}_"*"${KVER_PKG#*:}"*.deb | head -n1)
    fi
    DEB=$deb
}

main() {
    need_pkgs flex:flex bison:bison bc:bc cpio:cpio rsync:rsync xz:xz-utils \
              make:make cc:gcc perl:perl apt-get:apt
    fetch_source
    local frag_sha key out
    frag_sha=$(sha256sum "$FRAGMENT" | cut -c1-16)
    key="${KPKG}_${KVER_PKG//[:~+]/_}_${frag_sha}"
    out="$CACHE/kernel/$key"
    if [ -s "$out/bzImage" ]; then
        log "cached: $out/bzImage"
        echo "$out/bzImage"; return 0
    fi
    local work="$CACHE/build/$key"
    rm -rf "$work"; mkdir -p "$work"
    log "unpacking $DEB"
    dpkg -x "$DEB" "$work/deb"
    local tarball
    tarball=$(ls "$work"/deb/usr/src/linux-source-*.tar.xz | head -n1)
    tar -C "$work" -xJf "$tarball"
    rm -rf "$work/deb"
    local ksrc
    ksrc=$(ls -d "$work"/linux-source-*/ | head -n1)
    cd "$ksrc"
    make ARCH=x86_64 tinyconfig >&2
    local opt val args=()
    while read -r opt val _; do
        case "$opt" in ''|'#'*) continue ;; esac
        case "$val" in y) args+=(--enable "$opt") ;; n) args+=(--disable "$opt") ;; m) args+=(--module "$opt") ;;
                       *) args+=(--set-val "$opt" "$val") ;; esac
    done < "$FRAGMENT"
    scripts/config "${args[@]}"
    make ARCH=x86_64 olddefconfig >&2
    make ARCH=x86_64 olddefconfig >&2
    local bad=0
    while read -r opt val _; do
        case "$opt" in ''|'#'*) continue ;; esac
        if [ "$val" = n ]; then
            grep -q "^CONFIG_$opt=" .config && { log "option CONFIG_$opt should be off but is $(grep "^CONFIG_$opt=" .config)"; bad=1; }
        elif ! grep -qx "CONFIG_$opt=$val" .config; then
            log "DROPPED by olddefconfig: CONFIG_$opt=$val (now: $(grep -E "(^| )CONFIG_$opt[= ]" .config || echo absent))"; bad=1
        fi
    done < "$FRAGMENT"
    [ $bad = 0 ] || die "kernel config lost options from $FRAGMENT"
    log "building bzImage with -j$(nproc) in $ksrc (about 10+ minutes on 2 cores)"
    make ARCH=x86_64 -j"$(nproc)" bzImage >&2
    mkdir -p "$out.tmp"
    cp arch/x86/boot/bzImage "$out.tmp/bzImage"
    cp .config "$out.tmp/config"
    echo "$KPKG $KVER_PKG" > "$out.tmp/source"
    rm -rf "$out"; mv "$out.tmp" "$out"
    cd /; rm -rf "$work"
    log "built: $out/bzImage"
    echo "$out/bzImage"
}

main "$@"
