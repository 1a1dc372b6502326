#!/usr/bin/env python3
"""Writes the fuzz_advert seed corpus (tests/fuzz/corpus/advert/*.bin) from the test vectors.

Each seed is the 2-byte policy header of fuzz_advert.cpp followed by the packet (whole IPv4
packet, or the VRRP payload for IPv6), with a policy matching the vector's receiver so that the
fuzzer starts from inputs that reach the deep checks. Run: tests/fuzz/make_advert_corpus.py
"""
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
vectors = json.loads((here.parent / "data" / "vrrp-vectors.json").read_text())["vectors"]
out = here / "corpus" / "advert"
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("*.bin"):
    old.unlink()

for v in vectors:
    r = v["receiver"]
    ipv6 = v["family"] == "ipv6"
    base = (1 if ipv6 else 0) | (0x08 if r["mode"] == "unicast" else 0) | (0x20 if r["version"] == 2 else 0) | 0x40
    more = (1 if r.get("auth_type") == 1 else 0) | (max(1, min(63, r.get("advert_int_s", 1))) << 2)
    packet = bytes.fromhex(v["vrrp_hex"] if ipv6 else v["ip_hex"])
    # lenient with form P, and strict with the vector's own form
    strict_m = 0x02 | (0x04 if v["checksum_variant"] == "v3_ipv4_message_only" else 0)
    for suffix, flags in (("lenient", base), ("strict", base | strict_m)):
        (out / f"{v['name']}_{suffix}.bin").write_bytes(bytes([flags, more]) + packet)
print(f"wrote {2 * len(vectors)} seeds to {out}")
