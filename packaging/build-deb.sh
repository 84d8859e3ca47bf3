#!/bin/sh
# Builds packaging/out/wellclient_<version>_<arch>.deb: the release binaries (wellclient, the full
# command line wellclient-agent it becomes for the agent and the other heavy subcommands, and the
# browser extension's host wellclient-browser-host) with the Swift runtime linked statically, the
# desktop files of desktop/ and the browser host manifests at system paths, the browser extension
# under /usr/share/wellclient/browser, a man page and DEBIAN/control with Depends computed by
# dpkg-shlibdeps (plus the libraries the agent loads by design). No binary links libnotify.
#
# usage: packaging/build-deb.sh [--skip-build BIN] [--version V] [--out DIR] [--compression xz|gzip|zstd|none]
#   --skip-build BIN   package BIN and the wellclient-agent and wellclient-browser-host next to it as they are (no swift
#                      build, no strip); binaries that link the Swift runtime dynamically are then
#                      packaged with a warning instead of an error
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$root/packaging/VERSION")
out="$root/packaging/out"
binary=""
compression=xz

die() { echo "build-deb: error: $*" >&2; exit 1; }
warn() { echo "build-deb: warning: $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --skip-build) [ $# -ge 2 ] || die "--skip-build needs a binary"; binary=$2; shift 2 ;;
        --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
        --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
        --compression) [ $# -ge 2 ] || die "--compression needs a type"; compression=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
echo "$version" | grep -Eq '^[0-9][A-Za-z0-9.+~-]*$' || die "invalid version '$version'"
for tool in dpkg-deb dpkg-shlibdeps objdump gzip; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required (apt-get install dpkg-dev binutils)"
done

arch=$(dpkg --print-architecture)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 1. The binaries.
if [ -z "$binary" ]; then
    skipped=no
    echo "build-deb: swift build -c release --static-swift-stdlib"
    for product in wellclient wellclient-agent wellclient-browser-host; do
        (cd "$root" && swift build -c release --static-swift-stdlib --product "$product") >&2
    done
    binary="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/wellclient"
else
    skipped=yes
fi
[ -x "$binary" ] || die "$binary is not an executable file"
host="$(dirname "$binary")/wellclient-browser-host"
[ -x "$host" ] || die "$host is not an executable file (the browser host is built next to wellclient)"
full="$(dirname "$binary")/wellclient-agent"
[ -x "$full" ] || die "$full is not an executable file (the full command line is built next to wellclient)"

stage="$out/stage/wellclient_${version}_${arch}"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
install -D -m 0755 "$binary" "$stage/usr/bin/wellclient"
install -D -m 0755 "$full" "$stage/usr/bin/wellclient-agent"
install -D -m 0755 "$host" "$stage/usr/bin/wellclient-browser-host"
if [ "$skipped" = no ]; then
    strip --strip-unneeded "$stage/usr/bin/wellclient" "$stage/usr/bin/wellclient-agent" "$stage/usr/bin/wellclient-browser-host"
fi

# 2. Desktop integration files at system paths, pointing at /usr/bin/wellclient.
place() { # source-name destination-dir [destination-name]
    install -d -m 0755 "$stage/$2"
    sed 's|@BINDIR@|/usr/bin|g' "$root/desktop/$1" > "$stage/$2/${3:-$1}"
    chmod 0644 "$stage/$2/${3:-$1}"
}
place cc.wellcloud.WellClient.desktop usr/share/applications
place cc.wellcloud.WellClient.service usr/share/dbus-1/services
place wellclient-agent.service usr/lib/systemd/user
place cc.wellcloud.WellClient-autostart.desktop etc/xdg/autostart
place cc.wellcloud.WellClient.svg usr/share/icons/hicolor/scalable/apps
# The panel item's state icons and their symbolic variants.
for icon in "$root"/desktop/icons/hicolor/scalable/status/*.svg; do
    place "icons/hicolor/scalable/status/$(basename "$icon")" usr/share/icons/hicolor/scalable/status "$(basename "$icon")"
done
place cc.wellcloud.WellClient.metainfo.xml usr/share/metainfo
# The browser extension's native-messaging host, for every user of Chromium, Chrome and Firefox.
place cc.wellcloud.wellclient.chromium.json etc/chromium/native-messaging-hosts cc.wellcloud.wellclient.json
place cc.wellcloud.wellclient.chromium.json etc/opt/chrome/native-messaging-hosts cc.wellcloud.wellclient.json
place cc.wellcloud.wellclient.firefox.json usr/lib/mozilla/native-messaging-hosts cc.wellcloud.wellclient.json
# The extension itself, unpacked (load it from there, or pack it for a fleet).
if [ -f "$root/desktop/browser/manifest.json" ]; then
    install -d -m 0755 "$stage/usr/share/wellclient/browser"
    cp -R "$root/desktop/browser/." "$stage/usr/share/wellclient/browser/"
    find "$stage/usr/share/wellclient/browser" -type d -exec chmod 0755 {} +
    find "$stage/usr/share/wellclient/browser" -type f -exec chmod 0644 {} +
else
    warn "desktop/browser/manifest.json is missing: the package holds no browser extension"
fi
if grep -rq '@BINDIR@' "$stage/usr/share" "$stage/usr/lib" "$stage/etc"; then die "a placeholder was left in the staged files"; fi
install -D -m 0644 "$root/packaging/copyright" "$stage/usr/share/doc/wellclient/copyright"

# 3. The man page, from the CLI's own help. swift-argument-parser's generate-manual plugin works offline
#    but builds the whole package once more (debug); WELLCLIENT_MANUAL_PLUGIN=1 uses it first.
man="$stage/usr/share/man/man1/wellclient.1"
install -d -m 0755 "$(dirname "$man")"
manual_from_plugin() {
    [ "${WELLCLIENT_MANUAL_PLUGIN:-0}" = 1 ] || return 1
    (cd "$root" && swift package --allow-writing-to-package-directory generate-manual --configuration debug) >&2 || return 1
    found=$(find "$root/.build/plugins" -name wellclient.1 2>/dev/null | head -n 1)
    [ -n "$found" ] && cp "$found" "$man"
}
roff_escape() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
manual_from_help() {
    help=$("$binary" --help) || die "$binary --help failed"
    abstract=$(printf '%s\n' "$help" | sed -n 's/^OVERVIEW: //p' | head -n 1)
    subcommands=$(printf '%s\n' "$help" | awk '/^SUBCOMMANDS:/{s=1; next} s && /^  [a-z]/{print $1}')
    {
        printf '.TH WELLCLIENT 1 "%s" "wellclient %s" "User Commands"\n' "$(date -u +%Y-%m-%d)" "$version"
        printf '.SH NAME\nwellclient \\- %s\n' "$(printf '%s' "$abstract" | roff_escape)"
        printf '.SH SYNOPSIS\n.B wellclient\n.I subcommand\n[\\fIoptions\\fR]\n'
        printf '.SH DESCRIPTION\n.nf\n'
        printf '%s\n' "$help" | roff_escape
        printf '.fi\n.SH COMMANDS\n'
        for sub in $subcommands; do
            printf '.SS %s\n.nf\n' "$sub"
            "$binary" help "$sub" | roff_escape
            printf '.fi\n'
        done
        printf '.SH FILES\n.TP\n.I ~/.config/wellclient/config.toml\nThe configuration (mode 0600), written by \\fBwellclient setup\\fR.\n'
        printf '.SH SEE ALSO\n.BR xdg\\-mime (1),\n.BR systemctl (1)\n'
    } > "$man"
}
manual_from_plugin || manual_from_help
gzip -9n "$man"

# 4. Dependencies: what the binaries link (dpkg-shlibdeps), plus what the agent needs by design.
needed=$(objdump -p "$stage/usr/bin/wellclient" "$stage/usr/bin/wellclient-agent" "$stage/usr/bin/wellclient-browser-host" | awk '/NEEDED/{print $2}' | sort -u)
runtime=$(printf '%s\n' "$needed" | grep -E '^(libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime)' || true)
if [ -n "$runtime" ]; then
    message="a binary links the Swift runtime dynamically ($(echo $runtime | tr ' ' ',')); it will not run where the toolchain is absent (build without --skip-build: --static-swift-stdlib)"
    if [ "$skipped" = yes ]; then warn "$message"; else die "$message"; fi
fi
shlibs=$(mktemp -d)
mkdir -p "$shlibs/debian"
printf 'Source: wellclient\n\nPackage: wellclient\nArchitecture: any\n' > "$shlibs/debian/control"
detected=$(cd "$shlibs" && dpkg-shlibdeps -O --ignore-missing-info "$stage/usr/bin/wellclient" "$stage/usr/bin/wellclient-agent" "$stage/usr/bin/wellclient-browser-host" 2>"$out/dpkg-shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') \
    || { rm -rf "$shlibs"; die "dpkg-shlibdeps failed (see $out/dpkg-shlibdeps.log)"; }
rm -rf "$shlibs"
depends="$detected"
for required in libc6 libdbus-1-3; do
    printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$required" || depends="${depends:+$depends, }$required"
done

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: wellclient
Version: $version
Architecture: $arch
Maintainer: WellClient developers <wellclient@example.invalid>
Installed-Size: $installed_size
Depends: $depends
Recommends: xdg-utils, dbus-user-session
Section: net
Priority: optional
Homepage: https://github.com/wellcloud/wellclient-linux
Description: click-to-call agent for wellClient call centres
 WellClient connects a call-centre agent's Linux desktop to a wellClient CTI
 server: it dials tel: and callto: links, shows incoming calls as desktop
 notifications with Answer and Reject buttons, and offers hold, transfer,
 consult and conference from the command line and over D-Bus. With its
 browser extension (in /usr/share/wellclient/browser), numbers clicked in
 web pages such as CRMs are dialled too.
 .
 It carries no audio: the agent's extension must be a registered desk phone
 or softphone. Run "wellclient setup" once, then "wellclient install" to make
 it the default tel: handler for your user.
CONTROL

deb="$out/wellclient_${version}_${arch}.deb"
dpkg-deb --root-owner-group "-Z$compression" --build "$stage" "$deb" >&2
echo "$deb"
