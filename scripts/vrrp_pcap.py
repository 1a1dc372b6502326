#!/usr/bin/env python3
"""Decodes VRRP adverts, ARP and IPv6 neighbour advertisements from a pcap file (stdlib only).

Used by tests/netns and examples/demo.sh. Prints one tab-separated line per frame:
  t kind smac src dst ver vrid prio adv auth ttl addrs csum
kind=vrrp: ver 2|3, adv = raw interval field (v2 seconds, v3 centiseconds), auth = type:text
           (v2) or '-', ttl = IPv4 TTL / IPv6 hop limit, addrs = comma-joined VIPs,
           csum = ok|bad (v3/IPv4 checked with the RFC 9568 pseudo-header).
kind=arp:  src/dst = sender/target IP, ver = op (1 request, 2 reply), addrs = sender MAC.
kind=na:   src/dst = IPv6 source/destination, addrs = target address, ver = flags (R,S,O).
Missing fields are '-'. A truncated last record (capture still running) is ignored.
Usage: vrrp_pcap.py FILE.pcap [--summary] [--since EPOCH]
--summary prints one readable line per frame instead (runs of identical frames collapsed).
"""
import ipaddress
import struct
import sys

ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_8021Q = 0x0800, 0x86DD, 0x0806, 0x8100
IPPROTO_VRRP, IPPROTO_ICMPV6 = 112, 58


def read_pcap(path):
    """Yields (timestamp, linktype, frame bytes) for every complete record."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    table = {
        b"\xd4\xc3\xb2\xa1": ("<", 1e-6), b"\xa1\xb2\xc3\xd4": (">", 1e-6),
        b"\x4d\x3c\xb2\xa1": ("<", 1e-9), b"\xa1\xb2\x3c\x4d": (">", 1e-9),
    }
    if magic not in table:
        raise SystemExit(f"{path}: not a pcap file (pcapng is not supported)")
    endian, frac = table[magic]
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        sec, sub, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            return
        yield sec + sub * frac, linktype, data[off:off + incl]
        off += incl


def checksum(buf):
    if len(buf) % 2:
        buf += b"\0"
    s = sum(struct.unpack("!%dH" % (len(buf) // 2), buf))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac(b):
    return ":".join(f"{x:02x}" for x in b)


def l2(linktype, frame):
    """Returns (source MAC, ethertype, payload) or None."""
    if linktype == 1:
        if len(frame) < 14:
            return None
        smac, etype, off = frame[6:12], struct.unpack("!H", frame[12:14])[0], 14
        while etype == ETH_P_8021Q and len(frame) >= off + 4:
            etype, off = struct.unpack("!H", frame[off + 2:off + 4])[0], off + 4
        return mac(smac), etype, frame[off:]
    if linktype == 113 and len(frame) >= 16:  # Linux cooked capture
        alen = struct.unpack("!H", frame[4:6])[0]
        return mac(frame[6:6 + min(alen, 8)]), struct.unpack("!H", frame[14:16])[0], frame[16:]
    return None


def vrrp_fields(payload, family, src, dst, ttl):
    if len(payload) < 8:
        return ["vrrp-short", str(src), str(dst)] + ["-"] * 5 + [str(ttl), "-", "-"]
    ver, typ = payload[0] >> 4, payload[0] & 0x0F
    vrid, prio, count = payload[1], payload[2], payload[3]
    alen = 4 if family == 4 else 16
    if ver == 2:
        auth_type, adv = payload[4], payload[5]
        addrs_raw = payload[8:8 + count * alen]
        auth_data = payload[8 + count * alen:8 + count * alen + 8]
        text = auth_data.rstrip(b"\0").decode("ascii", "replace") if auth_type == 1 else ""
        auth = f"{auth_type}:{text}"
        msg = payload[:8 + count * alen + (8 if family == 4 else 0)]
        ok = checksum(msg) == 0
    else:
        adv = struct.unpack("!H", payload[4:6])[0] & 0x0FFF
        addrs_raw = payload[8:8 + count * alen]
        auth = "-"
        msg = payload[:8 + count * alen]
        if family == 4:
            pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, IPPROTO_VRRP, len(msg))
        else:
            pseudo = src.packed + dst.packed + struct.pack("!IxxxB", len(msg), IPPROTO_VRRP)
        ok = checksum(pseudo + msg) == 0
    addrs = [str(ipaddress.ip_address(addrs_raw[i:i + alen]))
             for i in range(0, len(addrs_raw) - alen + 1, alen)]
    return ["vrrp" if typ == 1 else f"vrrp-type{typ}", str(src), str(dst), str(ver), str(vrid),
            str(prio), str(adv), auth, str(ttl), ",".join(addrs) or "-", "ok" if ok else "bad"]


def decode(linktype, frame):
    r = l2(linktype, frame)
    if r is None:
        return None
    smac, etype, p = r
    if etype == ETH_P_IP and len(p) >= 20:
        ihl = (p[0] & 0x0F) * 4
        total = struct.unpack("!H", p[2:4])[0]
        if p[9] != IPPROTO_VRRP:
            return None
        src, dst = ipaddress.IPv4Address(p[12:16]), ipaddress.IPv4Address(p[16:20])
        f = vrrp_fields(p[ihl:total], 4, src, dst, p[8])
        return f and [f[0], smac] + f[1:]
    if etype == ETH_P_IPV6 and len(p) >= 40:
        nh, hlim, plen = p[6], p[7], struct.unpack("!H", p[4:6])[0]
        src, dst = ipaddress.IPv6Address(p[8:24]), ipaddress.IPv6Address(p[24:40])
        body = p[40:40 + plen]
        if nh == IPPROTO_VRRP:
            f = vrrp_fields(body, 6, src, dst, hlim)
            return f and [f[0], smac] + f[1:]
        if nh == IPPROTO_ICMPV6 and len(body) >= 24 and body[0] == 136:
            flags = body[4]
            fl = "".join(c for c, bit in (("R", 0x80), ("S", 0x40), ("O", 0x20)) if flags & bit) or "-"
            target = ipaddress.IPv6Address(body[8:24])
            return ["na", smac, str(src), str(dst), fl, "-", "-", "-", "-", str(hlim), str(target), "-"]
        return None
    if etype == ETH_P_ARP and len(p) >= 28:
        op = struct.unpack("!H", p[6:8])[0]
        sha, spa, tpa = mac(p[8:14]), ipaddress.IPv4Address(p[14:18]), ipaddress.IPv4Address(p[24:28])
        return ["arp", smac, str(spa), str(tpa), str(op), "-", "-", "-", "-", "-", sha, "-"]
    return None


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    opts = argv[2:]
    summary = "--summary" in opts
    since = float(opts[opts.index("--since") + 1]) if "--since" in opts else None
    out = sys.stdout
    prev, repeat, last = None, 0, ""

    def flush():
        if prev is not None:
            out.write(prev + (f"   (x{repeat}, last {last})" if repeat > 1 else "") + "\n")

    try:
        for ts, lt, frame in read_pcap(argv[1]):
            f = decode(lt, frame)
            if f is None or (since is not None and ts < since):
                continue
            if not summary:
                out.write(f"{ts:.6f}\t" + "\t".join(f) + "\n")
                continue
            line = human(ts, f)
            # Runs of identical frames (GARP bursts, a master's adverts) collapse into one line.
            if prev is not None and line[12:] == prev[12:]:
                repeat, last = repeat + 1, line[:12]
                continue
            flush()
            prev, repeat = line, 1
        if summary:
            flush()
    except BrokenPipeError:
        return 0
    return 0


def human(ts, f):
    """One readable line, for people (demo output)."""
    import time
    clock = time.strftime("%H:%M:%S", time.localtime(ts)) + f".{int(ts * 1000) % 1000:03d}"
    kind, smac, src, dst = f[0], f[1], f[2], f[3]
    if kind.startswith("vrrp"):
        ver, vrid, prio, adv = f[4], f[5], f[6], f[7]
        interval = f"{int(adv) / 100:.2f}s" if ver == "3" else f"{adv}s"
        note = "  <- priority 0: master is leaving" if prio == "0" else ""
        return f"{clock}  VRRPv{ver} advert  from {src:<15} vrid {vrid} prio {prio:>3} every {interval}{note}"
    if kind == "arp":
        what = "gratuitous ARP" if src == dst else "ARP"
        return f"{clock}  {what:<14} {src} is-at {f[10]}"
    return f"{clock}  unsolicited NA  {f[10]} is-at {smac} (from {src})"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
