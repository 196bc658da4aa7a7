#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write INPUT as a C byte array named SYMBOL, NUL-terminated, to OUTPUT."""

import sys


def main():
    source, output, symbol = sys.argv[1:4]
    with open(source, "rb") as f:
        data = f.read()

    lines = [f"/* Generated from {source.split('/')[-1]}; do not edit. */",
             "#include <stddef.h>",
             f"const char {symbol}[] = {{"]
    for start in range(0, len(data), 12):
        chunk = data[start:start + 12]
        lines.append("\t" + " ".join(f"0x{b:02x}," for b in chunk))
    lines.append("\t0x00,")
    lines.append("};")
    lines.append(f"const size_t {symbol}_size = {len(data)};")

    with open(output, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
