"""Seeds one file or folder with libtorrent (python3-libtorrent 2.0) on 127.0.0.1 for LibtorrentMagnetIT.

Usage: /usr/bin/python3 libtorrent_seed.py <save-path> <name> <torrent-out> <piece-length> [v1|hybrid]
Creates the torrent over <save-path>/<name> with libtorrent's create_torrent, writes it to <torrent-out>, seeds it
with the loopback settings of /work/shared/peers.md (no DHT/LSD/UPnP/NAT-PMP/uTP), then prints
"infohash <v1 hex>" and "listening on port <port>" and seeds until terminated.
"""
import os
import sys
import time

import libtorrent as lt


def main():
    save_path, name, torrent_out, piece_length = sys.argv[1:5]
    mode = sys.argv[5] if len(sys.argv) > 5 else "v1"
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(save_path, name))
    flags = lt.create_torrent.v1_only if mode == "v1" else 0
    ct = lt.create_torrent(fs, int(piece_length), flags=flags)
    ct.set_creator("crossnet interop test")
    lt.set_piece_hashes(ct, save_path)
    with open(torrent_out, "wb") as f:
        f.write(lt.bencode(ct.generate()))

    session = lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "outgoing_interfaces": "127.0.0.1",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True,
        "min_reconnect_time": 1,
        "alert_mask": lt.alert_category.error | lt.alert_category.peer,
    })
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent_out)
    params.save_path = save_path
    handle = session.add_torrent(params)
    deadline = time.time() + 30
    while not handle.status().is_seeding:
        if time.time() > deadline:
            print("error: not seeding after 30 s: %s" % handle.status().state, flush=True)
            return 1
        time.sleep(0.05)
    print("infohash %s" % str(params.ti.info_hashes().v1), flush=True)
    print("listening on port %d" % session.listen_port(), flush=True)
    while True:
        for alert in session.pop_alerts():
            print("alert %s: %s" % (alert.what(), alert.message()), flush=True)
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
