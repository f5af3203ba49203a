package org.crossnet.adapter.edonkey.kad.codec;

/**
 * Tag name ids used in Kad packets (one-byte names, written in the old tag form).
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/tags/FileTags.h">aMule FileTags.h</a>
 */
public final class KadTags {
    /** TAG_FILENAME: string. */
    public static final int FILENAME = 0x01;
    /** TAG_FILESIZE: integer of any width, or an 8-byte BSOB from Kad1-era publishers. */
    public static final int FILESIZE = 0x02;
    /** TAG_FILETYPE: string, the ed2k type name ("Audio", "Video", "Image", "Doc", "Pro"). */
    public static final int FILETYPE = 0x03;
    /** TAG_FILEFORMAT: string, the name's extension. */
    public static final int FILEFORMAT = 0x04;
    /** TAG_DESCRIPTION: string (notes). */
    public static final int DESCRIPTION = 0x0B;
    /** TAG_SOURCES: integer, complete sources the publisher knows. */
    public static final int SOURCES = 0x15;
    /** TAG_PUBLISHINFO: u32 added by the storing node (different names, publishers, trust). */
    public static final int PUBLISHINFO = 0x33;
    /** TAG_FILESIZE_HI: upper 32 bits of a size. */
    public static final int FILESIZE_HI = 0x3A;
    /** TAG_MEDIA_ARTIST .. TAG_MEDIA_CODEC. */
    public static final int MEDIA_ARTIST = 0xD0;
    public static final int MEDIA_ALBUM = 0xD1;
    public static final int MEDIA_TITLE = 0xD2;
    public static final int MEDIA_LENGTH = 0xD3;
    public static final int MEDIA_BITRATE = 0xD4;
    public static final int MEDIA_CODEC = 0xD5;
    /** TAG_KADMISCOPTIONS: u8, bit 0 UDP firewalled, bit 1 TCP firewalled, bit 2 requests HELLO_RES_ACK. */
    public static final int KADMISCOPTIONS = 0xF2;
    /** TAG_ENCRYPTION: u8 connect options (0 = obfuscation not supported). */
    public static final int ENCRYPTION = 0xF3;
    /** TAG_FILERATING: u8. */
    public static final int FILERATING = 0xF7;
    /** TAG_BUDDYHASH: string (firewalled sources). */
    public static final int BUDDYHASH = 0xF8;
    /** TAG_SERVERPORT: u16 (buddy port of firewalled sources). */
    public static final int SERVERPORT = 0xFA;
    /** TAG_SERVERIP: u32 (buddy IP of firewalled sources). */
    public static final int SERVERIP = 0xFB;
    /** TAG_SOURCEUPORT: u16, the sender's Kad UDP port. */
    public static final int SOURCEUPORT = 0xFC;
    /** TAG_SOURCEPORT: u16, the source's eD2k TCP port. */
    public static final int SOURCEPORT = 0xFD;
    /** TAG_SOURCEIP: u32, the source's IPv4 in Kad (host) order; added by the storing node. */
    public static final int SOURCEIP = 0xFE;
    /** TAG_SOURCETYPE: u8; 1 open, 3 firewalled with buddy, 4 open over 4 GiB, 5 firewalled over 4 GiB, 6 callback. */
    public static final int SOURCETYPE = 0xFF;

    private KadTags() {
    }
}
