#!/usr/bin/env python3
"""Self-test of scripts/vrrp_pcap.py (the capture decoder the netns tests rely on): wraps the
41 byte-exact packets of tests/data/vrrp-vectors.json in Ethernet frames, writes them to a
pcap, decodes it and compares every field with the vector's expectations. Needs no privileges.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(REPO, "scripts", "vrrp_pcap.py")
VECTORS = os.path.join(REPO, "tests", "data", "vrrp-vectors.json")


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1000 + i, 0, len(frame), len(frame)))
            f.write(frame)


def ether(ip_bytes, v6):
    dst = bytes.fromhex("333300000012" if v6 else "01005e000012")
    src = bytes.fromhex("00005e000133")
    return dst + src + struct.pack("!H", 0x86DD if v6 else 0x0800) + ip_bytes


def expected_csum_ok(v):
    exp, cand = v["expected"], v.get("checksum_candidates", {})
    ver, fam = exp["version"], v["family"]
    if ver == 2 and fam == "ipv4":
        variant = "message_only"
    elif ver == 3:
        variant = "ipv4_pseudo_header" if fam == "ipv4" else "ipv6_pseudo_header"
    else:
        return None  # no defined checksum rule (v2 over IPv6, version 4)
    alen = 4 if fam == "ipv4" else 16
    length = 8 + exp["count"] * alen + (8 if ver == 2 else 0)
    if len(bytes.fromhex(v["vrrp_hex"])) != length:
        return None  # malformed length: the checksum covers an undefined span
    return exp["checksum"] == cand.get(variant)


def main():
    with open(VECTORS) as f:
        vectors = json.load(f)["vectors"]
    frames = [ether(bytes.fromhex(v["ip_hex"]), v["family"] == "ipv6") for v in vectors]
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "vectors.pcap")
        write_pcap(pcap, frames)
        out = subprocess.run([sys.executable, TOOL, pcap], check=True, capture_output=True, text=True).stdout
    # Frame i was stamped 1000 + i seconds: match rows to vectors by time, not by position.
    rows = {int(float(line.split("\t")[0])) - 1000: line.split("\t") for line in out.splitlines()}
    failures, checks = [], 0
    for i, v in enumerate(vectors):
        exp = v["expected"]
        row = rows.get(i)
        if row is None:
            failures.append(f"{v['name']}: no decoded row")
            continue
        if len(bytes.fromhex(v["vrrp_hex"])) < 8:
            checks += 1
            if row[1] != "vrrp-short":
                failures.append(f"{v['name']}: kind {row[1]!r}, expected 'vrrp-short'")
            continue
        t, kind, smac, src, dst, ver, vrid, prio, adv, auth, ttl, addrs, csum = row
        want = {
            "kind": "vrrp" if exp["type"] == 1 else f"vrrp-type{exp['type']}",
            "smac": "00:00:5e:00:01:33", "src": v["src"], "dst": v["dst"],
            "ver": str(exp["version"]), "vrid": str(exp["vrid"]), "prio": str(exp["priority"]),
            "ttl": str(v["ttl_or_hop_limit"]),
        }
        if "adver_int_s" in exp:
            want["adv"] = str(exp["adver_int_s"])
        if "max_adver_int_cs" in exp:
            want["adv"] = str(exp["max_adver_int_cs"])
        auth_len = 8 if exp["version"] == 2 and v["family"] == "ipv4" else 0
        if len(bytes.fromhex(v["vrrp_hex"])) >= 8 + exp["count"] * (4 if v["family"] == "ipv4" else 16) + auth_len:
            want["addrs"] = ",".join(exp["addresses"]) or "-"
        if exp["version"] == 2 and "auth_type" in exp:
            text = ""
            if exp["auth_type"] == 1:
                text = bytes.fromhex(exp["auth_data_hex"]).rstrip(b"\0").decode("ascii", "replace")
            want["auth"] = f"{exp['auth_type']}:{text}"
        ok = expected_csum_ok(v)
        if ok is not None:
            want["csum"] = "ok" if ok else "bad"
        got = dict(kind=kind, smac=smac, src=src, dst=dst, ver=ver, vrid=vrid, prio=prio, adv=adv,
                   auth=auth, ttl=ttl, addrs=addrs, csum=csum)
        for key, value in want.items():
            checks += 1
            if got[key] != value:
                failures.append(f"{v['name']}: {key} = {got[key]!r}, expected {value!r}")
    for f in failures:
        print("FAIL", f)
    print(f"pcap decoder: {len(vectors)} vectors, {checks} field checks, {len(failures)} failures")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
