package org.crossnet.adapter.edonkey.codec;

/**
 * eDonkey/eMule wire constants: protocol bytes, opcodes, tag ids, sizes. Values are facts from aMule 2.3.3's headers.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/Protocols.h">Protocols.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/ed2k/Client2Client/TCP.h">ed2k
 *      Client2Client/TCP.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/ed2k/Client2Server/TCP.h">ed2k
 *      Client2Server/TCP.h</a>
 */
public final class Ed2kWire {
    private Ed2kWire() {
    }

    // ---- protocol bytes ----
    public static final int PROT_EDONKEY = 0xE3;
    public static final int PROT_EMULE = 0xC5;
    public static final int PROT_PACKED = 0xD4;
    /** Kad2 and its zlib-packed form (UDP only; handled by the kad package). */
    public static final int PROT_KAD = 0xE4;
    public static final int PROT_KAD_PACKED = 0xE5;

    /** TCP header: protocol u8 + length u32; the length counts the opcode and payload. */
    public static final int TCP_HEADER = 5;

    // ---- sizes ----
    /** eD2k part: the MD4 hashing unit. */
    public static final long PART_SIZE = 9_728_000L;
    /** eMule block: 180 KiB, the largest range of one request slot (and the AICH block). */
    public static final int BLOCK_SIZE = 184_320;
    /** Data bytes per OP_SENDINGPART packet as eMule/aMule send them. */
    public static final int SENDING_CHUNK = 10_240;
    /** Largest file with 32-bit offsets (eMule's OLD_MAX_EMULE_FILE_SIZE). */
    public static final long OLD_MAX_FILE_SIZE = 4_290_048_000L;
    /** Largest file eMule accepts: 256 GiB. */
    public static final long MAX_FILE_SIZE = 1L << 38;
    /** eD2k protocol version in CT_VERSION. */
    public static final int EDONKEY_VERSION = 0x3C;
    /** eMule protocol version byte of OP_EMULEINFO. */
    public static final int EMULE_PROTOCOL = 0x01;

    // ---- client <-> client, eDonkey (0xE3) ----
    public static final int OP_HELLO = 0x01;
    public static final int OP_SENDINGPART = 0x46;
    public static final int OP_REQUESTPARTS = 0x47;
    public static final int OP_FILEREQANSNOFIL = 0x48;
    public static final int OP_END_OF_DOWNLOAD = 0x49;
    public static final int OP_ASKSHAREDFILES = 0x4A;
    public static final int OP_ASKSHAREDFILESANSWER = 0x4B;
    public static final int OP_HELLOANSWER = 0x4C;
    public static final int OP_CHANGE_CLIENT_ID = 0x4D;
    public static final int OP_MESSAGE = 0x4E;
    public static final int OP_SETREQFILEID = 0x4F;
    public static final int OP_FILESTATUS = 0x50;
    public static final int OP_HASHSETREQUEST = 0x51;
    public static final int OP_HASHSETANSWER = 0x52;
    public static final int OP_STARTUPLOADREQ = 0x54;
    public static final int OP_ACCEPTUPLOADREQ = 0x55;
    public static final int OP_CANCELTRANSFER = 0x56;
    public static final int OP_OUTOFPARTREQS = 0x57;
    public static final int OP_REQUESTFILENAME = 0x58;
    public static final int OP_REQFILENAMEANSWER = 0x59;
    public static final int OP_CHANGE_SLOT = 0x5B;
    public static final int OP_QUEUERANK = 0x5C;
    public static final int OP_ASKSHAREDDIRS = 0x5D;
    public static final int OP_ASKSHAREDFILESDIR = 0x5E;
    public static final int OP_ASKSHAREDDIRSANS = 0x5F;
    public static final int OP_ASKSHAREDFILESDIRANS = 0x60;
    public static final int OP_ASKSHAREDDENIEDANS = 0x61;

    // ---- client <-> client, eMule extended (0xC5) ----
    public static final int OP_EMULEINFO = 0x01;
    public static final int OP_EMULEINFOANSWER = 0x02;
    public static final int OP_COMPRESSEDPART = 0x40;
    public static final int OP_QUEUERANKING = 0x60;
    public static final int OP_FILEDESC = 0x61;
    public static final int OP_REQUESTSOURCES = 0x81;
    public static final int OP_ANSWERSOURCES = 0x82;
    public static final int OP_REQUESTSOURCES2 = 0x83;
    public static final int OP_ANSWERSOURCES2 = 0x84;
    public static final int OP_PUBLICKEY = 0x85;
    public static final int OP_SIGNATURE = 0x86;
    public static final int OP_SECIDENTSTATE = 0x87;
    public static final int OP_REQUESTPREVIEW = 0x90;
    public static final int OP_PREVIEWANSWER = 0x91;
    public static final int OP_MULTIPACKET = 0x92;
    public static final int OP_MULTIPACKETANSWER = 0x93;
    public static final int OP_PUBLICIP_REQ = 0x97;
    public static final int OP_PUBLICIP_ANSWER = 0x98;
    public static final int OP_CALLBACK = 0x99;
    public static final int OP_REASKCALLBACKTCP = 0x9A;
    public static final int OP_AICHREQUEST = 0x9B;
    public static final int OP_AICHANSWER = 0x9C;
    public static final int OP_AICHFILEHASHANS = 0x9D;
    public static final int OP_AICHFILEHASHREQ = 0x9E;
    public static final int OP_BUDDYPING = 0x9F;
    public static final int OP_BUDDYPONG = 0xA0;
    public static final int OP_COMPRESSEDPART_I64 = 0xA1;
    public static final int OP_SENDINGPART_I64 = 0xA2;
    public static final int OP_REQUESTPARTS_I64 = 0xA3;
    public static final int OP_MULTIPACKET_EXT = 0xA4;
    public static final int OP_CHATCAPTCHAREQ = 0xA5;
    public static final int OP_CHATCAPTCHARES = 0xA6;
    public static final int OP_FWCHECKUDPREQ = 0xA7;
    public static final int OP_KAD_FWTCPCHECK_ACK = 0xA8;

    // ---- client <-> server TCP (0xE3) ----
    public static final int OP_LOGINREQUEST = 0x01;
    public static final int OP_REJECT = 0x05;
    public static final int OP_GETSERVERLIST = 0x14;
    public static final int OP_OFFERFILES = 0x15;
    public static final int OP_SEARCHREQUEST = 0x16;
    public static final int OP_DISCONNECT = 0x18;
    public static final int OP_GETSOURCES = 0x19;
    public static final int OP_SEARCH_USER = 0x1A;
    public static final int OP_CALLBACKREQUEST = 0x1C;
    public static final int OP_QUERY_MORE_RESULT = 0x21;
    public static final int OP_GETSOURCES_OBFU = 0x23;
    public static final int OP_SERVERLIST = 0x32;
    public static final int OP_SEARCHRESULT = 0x33;
    public static final int OP_SERVERSTATUS = 0x34;
    public static final int OP_CALLBACKREQUESTED = 0x35;
    public static final int OP_CALLBACK_FAIL = 0x36;
    public static final int OP_SERVERMESSAGE = 0x38;
    public static final int OP_IDCHANGE = 0x40;
    public static final int OP_SERVERIDENT = 0x41;
    public static final int OP_FOUNDSOURCES = 0x42;
    public static final int OP_USERS_LIST = 0x43;
    public static final int OP_FOUNDSOURCES_OBFU = 0x44;

    // ---- client <-> server UDP (0xE3) ----
    public static final int OP_GLOBSEARCHREQ3 = 0x90;
    public static final int OP_GLOBSEARCHREQ2 = 0x92;
    public static final int OP_GLOBGETSOURCES2 = 0x94;
    public static final int OP_GLOBSERVSTATREQ = 0x96;
    public static final int OP_GLOBSERVSTATRES = 0x97;
    public static final int OP_GLOBSEARCHREQ = 0x98;
    public static final int OP_GLOBSEARCHRES = 0x99;
    public static final int OP_GLOBGETSOURCES = 0x9A;
    public static final int OP_GLOBFOUNDSOURCES = 0x9B;
    public static final int OP_GLOBCALLBACKREQ = 0x9C;

    // ---- server TCP flags (OP_IDCHANGE) and client capabilities (CT_SERVER_FLAGS) ----
    public static final int SRV_TCPFLG_COMPRESSION = 0x0001;
    public static final int SRV_TCPFLG_NEWTAGS = 0x0008;
    public static final int SRV_TCPFLG_UNICODE = 0x0010;
    public static final int SRV_TCPFLG_RELATEDSEARCH = 0x0040;
    public static final int SRV_TCPFLG_TYPETAGINTEGER = 0x0080;
    public static final int SRV_TCPFLG_LARGEFILES = 0x0100;
    public static final int SRV_TCPFLG_TCPOBFUSCATION = 0x0400;
    public static final int SRVCAP_ZLIB = 0x0001;
    public static final int SRVCAP_IP_IN_LOGIN = 0x0002;
    public static final int SRVCAP_AUXPORT = 0x0004;
    public static final int SRVCAP_NEWTAGS = 0x0008;
    public static final int SRVCAP_UNICODE = 0x0010;
    public static final int SRVCAP_LARGEFILES = 0x0100;
    public static final int SRVCAP_SUPPORTCRYPT = 0x0200;
    public static final int SRV_UDPFLG_EXT_GETSOURCES = 0x0001;
    public static final int SRV_UDPFLG_EXT_GETFILES = 0x0002;
    public static final int SRV_UDPFLG_NEWTAGS = 0x0008;
    public static final int SRV_UDPFLG_UNICODE = 0x0010;
    public static final int SRV_UDPFLG_EXT_GETSOURCES2 = 0x0020;
    public static final int SRV_UDPFLG_LARGEFILES = 0x0100;

    // ---- client tags (ClientTags.h) ----
    public static final int CT_NAME = 0x01;
    public static final int CT_SERVER_UDPSEARCH_FLAGS = 0x0E;
    public static final int CT_PORT = 0x0F;
    public static final int CT_VERSION = 0x11;
    public static final int CT_SERVER_FLAGS = 0x20;
    public static final int CT_EMULECOMPAT_OPTIONS = 0xEF;
    public static final int CT_EMULE_UDPPORTS = 0xF9;
    public static final int CT_EMULE_MISCOPTIONS1 = 0xFA;
    public static final int CT_EMULE_VERSION = 0xFB;
    public static final int CT_EMULE_BUDDYIP = 0xFC;
    public static final int CT_EMULE_BUDDYUDP = 0xFD;
    public static final int CT_EMULE_MISCOPTIONS2 = 0xFE;
    /** eMule info tags. */
    public static final int ET_COMPRESSION = 0x20;
    public static final int ET_UDPPORT = 0x21;
    public static final int ET_UDPVER = 0x22;
    public static final int ET_SOURCEEXCHANGE = 0x23;
    public static final int ET_COMMENTS = 0x24;
    public static final int ET_EXTENDEDREQUEST = 0x25;
    public static final int ET_COMPATIBLECLIENT = 0x26;
    public static final int ET_FEATURES = 0x27;
    public static final int ET_MOD_VERSION = 0x55;
    public static final int ET_OS_INFO = 0x94;

    // ---- file tags (FileTags.h) ----
    public static final int FT_FILENAME = 0x01;
    public static final int FT_FILESIZE = 0x02;
    public static final int FT_FILETYPE = 0x03;
    public static final int FT_FILEFORMAT = 0x04;
    public static final int FT_SOURCES = 0x15;
    public static final int FT_COMPLETE_SOURCES = 0x30;
    public static final int FT_FILESIZE_HI = 0x3A;
    public static final int FT_MEDIA_ARTIST = 0xD0;
    public static final int FT_MEDIA_ALBUM = 0xD1;
    public static final int FT_MEDIA_TITLE = 0xD2;
    public static final int FT_MEDIA_LENGTH = 0xD3;
    public static final int FT_MEDIA_BITRATE = 0xD4;
    public static final int FT_MEDIA_CODEC = 0xD5;
    public static final int FT_FILERATING = 0xF7;

    // ---- server tags (ServerTags.h) ----
    public static final int ST_SERVERNAME = 0x01;
    public static final int ST_DESCRIPTION = 0x0B;

    /** Client ids below this are LowIDs (not an IPv4 address). */
    public static final long LOW_ID_LIMIT = 1L << 24;

    /**
     * The eD2k client id of an IPv4 address: its four bytes read as a little-endian u32, so a.b.c.d becomes
     * {@code d<<24 | c<<16 | b<<8 | a}.
     */
    public static long clientId(byte[] ipv4) {
        return (ipv4[0] & 0xFFL) | (ipv4[1] & 0xFFL) << 8 | (ipv4[2] & 0xFFL) << 16 | (ipv4[3] & 0xFFL) << 24;
    }

    /** The dotted IPv4 address of a HighID (inverse of {@link #clientId}). */
    public static String ipOf(long clientId) {
        return (clientId & 0xFF) + "." + (clientId >> 8 & 0xFF) + "." + (clientId >> 16 & 0xFF) + "."
                + (clientId >> 24 & 0xFF);
    }

    /** Whether an id is a LowID. */
    public static boolean isLowId(long clientId) {
        return clientId < LOW_ID_LIMIT;
    }
}
