#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Let a guest test drive QEMU's monitor: real hotplug beside the emulator.

usage: scripts/qmp-hook.py QMP_SOCKET CONSOLE_LOG

Follows the guest console; each line "hpe-qmp: {JSON}" (written by a test
to /dev/kmsg) is sent as a QMP command, in order, and the reply is logged
on stdout.  The guest checks the effect itself (the device appears).  Ends
when QEMU closes the socket.
"""
import json
import os
import re
import socket
import sys
import time

MARK = re.compile(r'hpe-qmp: (\{.*\})\s*$')


def connect(path):
    for _ in range(600):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.1)
    sys.exit(f'qmp-hook: cannot connect to {path}')


def main():
    sock = connect(sys.argv[1])
    qmp = sock.makefile('rw')

    def call(cmd):
        qmp.write(json.dumps(cmd) + '\n')
        qmp.flush()
        while True:
            line = qmp.readline()
            if not line:
                raise EOFError
            reply = json.loads(line)
            if 'return' in reply or 'error' in reply:
                return reply

    json.loads(qmp.readline())          # greeting
    call({'execute': 'qmp_capabilities'})
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.1)
    with open(sys.argv[2], errors='replace') as con:
        while True:
            line = con.readline()
            if not line:
                time.sleep(0.2)
                continue
            m = MARK.search(line)
            if not m:
                continue
            try:
                reply = call(json.loads(m.group(1)))
            except (EOFError, OSError):
                return
            print(f'qmp-hook: {m.group(1)} -> {json.dumps(reply)}', flush=True)


if __name__ == '__main__':
    try:
        main()
    except (EOFError, OSError, KeyboardInterrupt):
        pass
