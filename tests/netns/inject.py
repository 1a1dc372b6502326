#!/usr/bin/env python3
"""Hostile VRRP packet injector for the netns reliability tests (stdlib only).

Builds whole Ethernet frames (AF_PACKET, so the source IP, TTL and every VRRP byte are ours)
and sends them out of one interface, normally from a namespace that runs no daemon.

  inject.py IFACE KIND [--count N] [--rate PPS] [--duration S] [--vrid V] [--prio P]
            [--src IP] [--dst IP] [--dst-mac MAC] [--src-mac MAC] [--vip IP] [--adv CS]
            [--password PW]

KIND: valid, ttl254, badsum, version (v4 in the version nibble), v2at3 (a v2 advert at a v3
VR), type (type 2), count (count says 3, one address present), trunc (4-byte VRRP message),
v2pass (v2 PASS advert with a wrong password: use with --password), v2valid (v2 PASS, --password).
--duration with --rate floods: paced in 10 ms slices. Prints "sent N" on stdout.
"""
import argparse
import socket
import struct
import sys
import time

MCAST_MAC = "01:00:5e:00:00:12"


def csum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac_bytes(mac: str) -> bytes:
    return bytes(int(x, 16) for x in mac.split(":"))


def ipv4_header(src: str, dst: str, ttl: int, payload_len: int) -> bytes:
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + payload_len, 0, 0, ttl, 112, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:]


def vrrp_v3(vrid, prio, vips, adv_cs, src, dst, version=3, vtype=1, count=None, good_sum=True):
    addrs = b"".join(socket.inet_aton(v) for v in vips)
    n = len(vips) if count is None else count
    msg = struct.pack("!BBBBHH", (version << 4) | vtype, vrid, prio, n, adv_cs & 0x0FFF, 0) + addrs
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 112, len(msg))
    c = csum(pseudo + msg)  # RFC 5798 §5.2.8: IPv4 pseudo-header form
    if not good_sum:
        c ^= 0x5A5A
    return msg[:6] + struct.pack("!H", c) + msg[8:]


def vrrp_v2(vrid, prio, vips, adv_s, password):
    addrs = b"".join(socket.inet_aton(v) for v in vips)
    auth = password.encode()[:8].ljust(8, b"\0")
    msg = struct.pack("!BBBBBBH", 0x21, vrid, prio, len(vips), 1, adv_s, 0) + addrs + auth
    c = csum(msg)  # RFC 3768 §5.3.8: VRRP message only
    return msg[:6] + struct.pack("!H", c) + msg[8:]


def build(a) -> bytes:
    vips = [a.vip]
    ttl = 254 if a.kind == "ttl254" else 255
    if a.kind in ("valid", "ttl254"):
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst)
    elif a.kind == "badsum":
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst, good_sum=False)
    elif a.kind == "version":
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst, version=4)
    elif a.kind == "v2at3":
        m = vrrp_v2(a.vrid, a.prio, vips, max(1, a.adv // 100), a.password)
    elif a.kind == "type":
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst, vtype=2)
    elif a.kind == "count":
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst, count=3)
    elif a.kind == "trunc":
        m = vrrp_v3(a.vrid, a.prio, vips, a.adv, a.src, a.dst)[:4]
    elif a.kind in ("v2pass", "v2valid"):
        m = vrrp_v2(a.vrid, a.prio, vips, max(1, a.adv // 100), a.password)
    else:
        raise SystemExit("unknown kind " + a.kind)
    eth = mac_bytes(a.dst_mac) + mac_bytes(a.src_mac) + b"\x08\x00"
    return eth + ipv4_header(a.src, a.dst, ttl, len(m)) + m


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("iface")
    p.add_argument("kind")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--rate", type=float, default=0)
    p.add_argument("--duration", type=float, default=0)
    p.add_argument("--vrid", type=int, default=51)
    p.add_argument("--prio", type=int, default=100)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", default="224.0.0.18")
    p.add_argument("--dst-mac", default=MCAST_MAC)
    p.add_argument("--src-mac", default="02:00:5e:10:00:99")
    p.add_argument("--vip", default="192.0.2.100")
    p.add_argument("--adv", type=int, default=20, help="v3 max advert interval, centiseconds")
    p.add_argument("--password", default="")
    a = p.parse_args()
    frame = build(a)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    sent = 0
    if a.duration > 0 and a.rate > 0:
        per_slice = max(1, int(a.rate / 100))
        start = time.monotonic()
        slice_no = 0
        while True:
            now = time.monotonic()
            if now - start >= a.duration:
                break
            for _ in range(per_slice):
                try:
                    s.send(frame)
                    sent += 1
                except BlockingIOError:
                    pass
                except OSError as e:  # ENOBUFS under load: count only what left
                    if e.errno != 105:
                        raise
            slice_no += 1
            wait = start + slice_no * 0.01 - time.monotonic()
            if wait > 0:
                time.sleep(wait)
    else:
        for _ in range(a.count):
            s.send(frame)
            sent += 1
            if a.count > 1:
                time.sleep(0.002)
    print("sent %d" % sent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
